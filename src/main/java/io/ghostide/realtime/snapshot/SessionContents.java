package io.ghostide.realtime.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.presence.PresenceEntry;
import org.jspecify.annotations.Nullable;

/**
 * What one session holds, as its messages say: files, runs and present connections. Not
 * thread-safe; its owner ({@link SessionTimeline}) guards it. Every change is a "set" keyed by a
 * name or an id, except a run's transcript count, which counts messages; so applying a message
 * twice is harmless for all but that count, which is why the state is taken at one exact seq.
 */
final class SessionContents {

    /** A file's version not known yet: it is asked of the document versions when the state is sent. */
    static final long VERSION_UNKNOWN = -1;

    static final String RUNNING = "running";

    // ended runs kept per session beyond which the oldest ended ones are forgotten
    private static final int MAX_ENDED_RUNS = 200;

    // file name -> file
    final Map<String, FileEntry> files = new LinkedHashMap<>();

    // execution id -> run
    final Map<String, RunEntry> runs = new LinkedHashMap<>();

    // connection id -> presence
    final Map<String, PresenceEntry> connections = new LinkedHashMap<>();

    /** One file: {@code version} may be {@link #VERSION_UNKNOWN}. */
    record FileEntry(String fileName, String language, long version, long size, Instant savedAt) {
    }

    /** One run: {@code endedAt} is null while it runs. */
    record RunEntry(String executionId, String status, String language, Instant startedAt, int transcriptNext,
            @Nullable Instant endedAt) {

        RunEntry counted() {
            return new RunEntry(this.executionId, this.status, this.language, this.startedAt, this.transcriptNext + 1,
                    this.endedAt);
        }
    }

    SessionContents copy() {
        SessionContents copy = new SessionContents();
        copy.files.putAll(this.files);
        copy.runs.putAll(this.runs);
        copy.connections.putAll(this.connections);
        return copy;
    }

    boolean quiet() {
        return this.connections.isEmpty() && this.runs.values().stream().allMatch(run -> run.endedAt() != null);
    }

    void saveFile(String fileName, String language, Instant savedAt) {
        FileEntry old = this.files.get(fileName);
        this.files.put(fileName, new FileEntry(fileName, language, old != null ? old.version() : VERSION_UNKNOWN,
                old != null ? old.size() : 0, savedAt));
    }

    void describeFile(String fileName, String language, long size, Instant savedAt) {
        FileEntry old = this.files.get(fileName);
        this.files.put(fileName, new FileEntry(fileName, language, old != null ? old.version() : VERSION_UNKNOWN, size,
                savedAt));
    }

    void updateDocument(String fileName, long version, Instant at) {
        FileEntry old = this.files.get(fileName);
        // a document edited before it was first saved is a file from its first update on
        this.files.put(fileName, old != null
                ? new FileEntry(fileName, old.language(), version, old.size(), old.savedAt())
                : new FileEntry(fileName, "", version, 0, at));
    }

    void startRun(String executionId, String language, Instant startedAt, Duration retention) {
        // kept when the seed already had it: its transcript count is the store's
        this.runs.putIfAbsent(executionId, new RunEntry(executionId, RUNNING, language, startedAt, 0, null));
        forgetEndedRuns(startedAt, retention);
    }

    void countTranscriptEvent(String executionId) {
        RunEntry run = this.runs.get(executionId);
        // a transcript takes nothing once its run ended
        if (run != null && run.endedAt() == null) {
            this.runs.put(executionId, run.counted());
        }
    }

    void endRun(String executionId, String status, Instant endedAt) {
        RunEntry run = this.runs.get(executionId);
        if (run != null && run.endedAt() == null) {
            this.runs.put(executionId, new RunEntry(executionId, status, run.language(), run.startedAt(),
                    run.transcriptNext(), endedAt));
        }
    }

    /** Ended runs past the transcript retention, then the oldest past {@link #MAX_ENDED_RUNS}. */
    void forgetEndedRuns(Instant now, Duration retention) {
        this.runs.values().removeIf(run -> run.endedAt() != null && run.endedAt().plus(retention).isBefore(now));
        List<RunEntry> ended = new ArrayList<>(this.runs.values().stream().filter(run -> run.endedAt() != null).toList());
        if (ended.size() > MAX_ENDED_RUNS) {
            ended.sort(Comparator.comparing(RunEntry::endedAt));
            ended.subList(0, ended.size() - MAX_ENDED_RUNS).forEach(run -> this.runs.remove(run.executionId()));
        }
    }
}
