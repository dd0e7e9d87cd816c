package io.ghostide.realtime.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Transcripts in this process ({@code local} mode). Each holds at most what its run may print
 * and be given (the output and input limits), all of them together at most
 * {@code transcript-total-bytes} and {@code max-transcripts}: past either, the transcripts of
 * runs that ended longest ago are forgotten first, and those past their retention at once.
 */
final class LocalTranscriptStore implements TranscriptStore {

    static final String RUNNING = "running";

    private final RunControlProperties properties;

    private final Clock clock;

    // execution id -> its transcript
    private final Map<String, Transcript> transcripts = new ConcurrentHashMap<>();

    private final AtomicLong totalBytes = new AtomicLong();

    LocalTranscriptStore(RunControlProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void open(String executionId, String sessionId, String language, Instant startedAt) {
        this.transcripts.put(executionId, new Transcript(executionId, sessionId, language, startedAt));
        evict();
    }

    @Override
    public void append(String executionId, String kind, String text) {
        Transcript transcript = this.transcripts.get(executionId);
        if (transcript != null) {
            this.totalBytes.addAndGet(transcript.add(kind, text));
        }
    }

    @Override
    public void finish(String executionId, String status) {
        Transcript transcript = this.transcripts.get(executionId);
        if (transcript != null) {
            transcript.finish(status, this.clock.instant());
        }
        evict();
    }

    @Override
    public Optional<Page> read(String executionId, int from, int max) {
        Transcript transcript = this.transcripts.get(executionId);
        if (transcript == null || transcript.expired(this.clock.instant(), this.properties)) {
            return Optional.empty();
        }
        return Optional.of(transcript.page(Math.max(0, from), max));
    }

    @Override
    public List<RunSummary> runs(String sessionId) {
        Instant now = this.clock.instant();
        return this.transcripts.values().stream()
                .filter(transcript -> transcript.sessionId.equals(sessionId) && !transcript.expired(now, this.properties))
                .map(Transcript::summary)
                .sorted(Comparator.comparing(RunSummary::startedAt).reversed())
                .toList();
    }

    /** Bytes of text all transcripts hold (for tests and metrics). */
    long totalBytes() {
        return this.totalBytes.get();
    }

    private void evict() {
        Instant now = this.clock.instant();
        this.transcripts.values().removeIf(transcript -> {
            boolean expired = transcript.expired(now, this.properties);
            if (expired) {
                this.totalBytes.addAndGet(-transcript.bytes());
            }
            return expired;
        });
        long maxBytes = this.properties.transcriptTotalBytes().toBytes();
        if (this.totalBytes.get() <= maxBytes && this.transcripts.size() <= this.properties.maxTranscripts()) {
            return;
        }
        // the ended ones, longest ago first; a live run's transcript stays (its run's limits bound it)
        List<Transcript> ended = new ArrayList<>(this.transcripts.values().stream().filter(t -> t.endedAt() != null)
                .sorted(Comparator.comparing(Transcript::endedAt)).toList());
        for (Transcript oldest : ended) {
            if (this.totalBytes.get() <= maxBytes && this.transcripts.size() <= this.properties.maxTranscripts()) {
                return;
            }
            if (this.transcripts.remove(oldest.executionId, oldest)) {
                this.totalBytes.addAndGet(-oldest.bytes());
            }
        }
    }

    /** One run's events; its monitor guards them. */
    private static final class Transcript {

        final String executionId;

        final String sessionId;

        final String language;

        final Instant startedAt;

        private final List<Event> events = new ArrayList<>();

        private long bytes;

        private String status = RUNNING;

        private @Nullable Instant endedAt;

        Transcript(String executionId, String sessionId, String language, Instant startedAt) {
            this.executionId = executionId;
            this.sessionId = sessionId;
            this.language = language;
            this.startedAt = startedAt;
        }

        // the bytes added (two a character, as the heap holds them)
        synchronized long add(String kind, String text) {
            if (this.endedAt != null) {
                return 0;
            }
            this.events.add(new Event(this.events.size(), kind, text));
            long added = 2L * text.length();
            this.bytes += added;
            return added;
        }

        synchronized void finish(String finalStatus, Instant at) {
            this.status = finalStatus;
            this.endedAt = at;
        }

        synchronized long bytes() {
            return this.bytes;
        }

        synchronized @Nullable Instant endedAt() {
            return this.endedAt;
        }

        synchronized boolean expired(Instant now, RunControlProperties properties) {
            return this.endedAt != null && this.endedAt.plus(properties.transcriptRetention()).isBefore(now);
        }

        synchronized Page page(int from, int max) {
            int end = (int) Math.min(this.events.size(), (long) from + max);
            List<Event> slice = from >= end ? List.of() : List.copyOf(this.events.subList(from, end));
            // complete: the run ended and this page reaches the end of what it did
            return new Page(this.executionId, this.sessionId, this.language, this.status,
                    this.endedAt != null && end >= this.events.size(), slice, Math.max(from, end));
        }

        synchronized RunSummary summary() {
            return new RunSummary(this.executionId, this.sessionId, this.status, this.language, this.startedAt,
                    this.endedAt, this.events.size());
        }
    }
}
