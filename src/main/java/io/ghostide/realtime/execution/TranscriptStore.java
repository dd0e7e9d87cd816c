package io.ghostide.realtime.execution;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Every run's transcript: what it printed and what it was given, in the order the session saw
 * it, kept for {@code transcript-retention} after the run ended whatever the session history has
 * dropped since. One implementation per cluster mode; callers never know which they hold.
 */
public interface TranscriptStore {

    /** A run begins: its transcript is empty, its status {@code running}. */
    void open(String executionId, String sessionId, String language, Instant startedAt);

    /** Adds an event ({@code stdout}, {@code stderr} or {@code input}) at the end of a run's transcript. */
    void append(String executionId, String kind, String text);

    /** The run ended with {@code status} (an ExecutionResult status's wire name). */
    void finish(String executionId, String status);

    /** Up to {@code max} events of a run from event {@code from} on; empty when the run is unknown or forgotten. */
    Optional<Page> read(String executionId, int from, int max);

    /** The session's retained runs, newest first. */
    List<RunSummary> runs(String sessionId);

    /** Part of one transcript; {@code next} is the index to read on from. */
    record Page(String executionId, String sessionId, String language, String status, boolean complete,
            List<Event> events, int next) {
    }

    /** One thing the session saw of a run. */
    record Event(int index, String kind, String text) {
    }

    /** A retained run: {@code transcriptNext} is how many events its transcript holds now. */
    record RunSummary(String executionId, String sessionId, String status, String language, Instant startedAt,
            @Nullable Instant endedAt, int transcriptNext) {
    }
}
