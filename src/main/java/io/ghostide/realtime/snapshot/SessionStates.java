package io.ghostide.realtime.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ghostide.realtime.execution.LostRuns;
import io.ghostide.realtime.execution.RunControlProperties;
import io.ghostide.realtime.messaging.SessionStateSource;
import io.ghostide.realtime.presence.PresenceEntry;
import io.ghostide.realtime.sessionlog.KeptEntries;
import io.ghostide.realtime.sessionlog.SessionLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every session's state by following the session log's deliveries, and gives the
 * {@code session_state} of a session at the {@code seq} a subscription's resume read.
 *
 * <h2>Why the state and the {@code seq} agree</h2>
 * The log hands this class every entry of a session, once, in {@code seq} order and one at a
 * time, before the broker gets it ({@code BrokerDelivery}); each entry is applied to the
 * session's {@link SessionTimeline} under its monitor, together with the {@code seq} it carries.
 * So the timeline is always "the state after entry {@code seq}", never between two entries,
 * whatever the publishers do concurrently: a file save, a run, a join are state changes only
 * through the messages that announce them.
 * <p>
 * A subscription's resume reads the log's position {@code F} after its subscription exists (the
 * log's subscribe-then-snapshot rule). The state must be exactly the one after entry {@code F}:
 * not before it (the client would miss a change), not after (it would apply one twice; a run's
 * transcript count is not idempotent). Before reading, the resume opens a capture: a copy of the
 * state at the timeline's {@code seq} {@code P} and, from then on, every entry delivered. {@code P
 * <= F}, since nothing is delivered before it is in the log; the entries after {@code P} come
 * without gaps, so the state at {@code F} is the copy with the captured entries up to {@code F}
 * applied. The in-process log delivers on the appending thread before its read can return the
 * entry's {@code seq}, so {@code F} is always among them at once; a shared log may deliver later,
 * and the capture waits for it. The gate of the subscription then lets through exactly the
 * messages after {@code F}: the state, with them applied, is the live state.
 * <p>
 * The stores of the other features are read once per session, when its first state-changing
 * message is delivered here or its first capture opens, to seed what this process had not seen
 * (files stored before a restart, presence on other instances). Seeding and idempotence: the
 * stores are written before the message is published (files, presence, a run's start) or after
 * it (a transcript's event), and each message is applied on top of the seed, so the set-like
 * parts converge and a transcript's count is never counted twice. A file's document version is
 * asked of {@link io.ghostide.realtime.workspace.DocumentVersions} only when the state is sent,
 * for files no {@code doc_update} has reached here, never on the delivering thread; so is a
 * file's size, that of the document's text at the file's version (the store may lag behind it
 * by the persist delay), and the stored one for a file not open as a document.
 *
 * <h2>A log shared by several instances</h2>
 * There an instance follows a session only while it serves it: when the log stops delivering
 * the session here ({@link #onUnfollowed}) its timeline is dropped, as it would go stale. And the
 * seed is read at no one {@code seq}: a run's transcript in the store lags or leads the log by
 * what is in flight. So the first capture of a timeline rebuilds the state at {@code F} from the
 * seed and the entries the log still keeps up to {@code F} ({@link #rebuilt}), and the timeline
 * takes that state as its own; later captures use the followed timeline as above. On a timeline
 * that followed every entry (the in-process log) the rebuilt state is the followed one. A run
 * still going as the session last heard, whose instance went away ({@link LostRuns}), is left
 * out of the state sent: nothing will tell its end.
 */
@Component
class SessionStates implements SessionStateSource {

    private static final Log logger = LogFactory.getLog(SessionStates.class);

    // how long a capture waits for a shared log to deliver the entry its read returned
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);

    // a timeline is forgotten after this long without a delivery, once nobody is present and no run goes
    private static final Duration IDLE = Duration.ofMinutes(10);

    // timelines made between two sweeps of the idle ones
    private static final int SWEEP_EVERY = 256;

    // session id -> its state as the log delivered it
    private final Map<String, SessionTimeline> timelines = new ConcurrentHashMap<>();

    private final AtomicLong made = new AtomicLong();

    private final EnvelopeChanges changes;

    private final StateSeeds seeds;

    private final Duration runRetention;

    private final Clock clock;

    private final SessionLog log;

    private final LostRuns lost;

    SessionStates(JsonMapper json, StateSeeds seeds, RunControlProperties runControl, Clock clock, SessionLog log,
            LostRuns lost) {
        this.changes = new EnvelopeChanges(json);
        this.seeds = seeds;
        this.log = log;
        this.lost = lost;
        this.runRetention = runControl.transcriptRetention();
        this.clock = clock;
    }

    @Override
    public void onDelivered(String sessionId, long seq, byte[] json) {
        StateChange change = read(sessionId, seq, json);
        for (;;) {
            try {
                if (timeline(sessionId).apply(seq, change, () -> this.seeds.seed(sessionId), this.runRetention,
                        System.nanoTime())) {
                    return;
                }
            }
            catch (RuntimeException ex) {
                // never fails a delivery: a store that cannot be read leaves the state unseeded
                logger.warn("Could not keep the state of session " + sessionId + " at " + seq + ": " + ex);
                return;
            }
        }
    }

    // a message this class cannot read: the state misses it, delivery goes on
    private @Nullable StateChange read(String sessionId, long seq, byte[] json) {
        try {
            return this.changes.read(json);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not read what message " + seq + " of session " + sessionId + " changes: " + ex);
            return null;
        }
    }

    @Override
    public void onUnfollowed(String sessionId) {
        // entries from now on are not delivered here: a later capture starts from the stores and the log again
        SessionTimeline timeline = this.timelines.remove(sessionId);
        if (timeline != null) {
            timeline.retire();
        }
    }

    @Override
    public Capture beginCapture(String sessionId) {
        for (;;) {
            SessionTimeline timeline = timeline(sessionId);
            SessionTimeline.Tap tap = timeline.open(() -> this.seeds.seed(sessionId), System.nanoTime());
            if (tap != null) {
                return new TimelineCapture(sessionId, timeline, tap);
            }
        }
    }

    private SessionTimeline timeline(String sessionId) {
        SessionTimeline timeline = this.timelines.get(sessionId);
        if (timeline != null) {
            return timeline;
        }
        timeline = this.timelines.computeIfAbsent(sessionId, id -> new SessionTimeline(System.nanoTime()));
        if (this.made.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        return timeline;
    }

    /** Forgets timelines idle past {@link #IDLE}; a later message or capture seeds a new one. */
    void sweep() {
        long idleBefore = System.nanoTime() - IDLE.toNanos();
        this.timelines.entrySet().removeIf(entry -> entry.getValue().retireIfIdle(idleBefore));
    }

    /** Sessions whose state is kept, for tests. */
    int size() {
        return this.timelines.size();
    }

    /**
     * The state after entry {@code seq}, from {@code base} (the seed with the entries delivered
     * since) and the entries the log still keeps up to {@code seq}, applied in order: a part they
     * touch takes the value of their last touch, and a run they start is rebuilt from them alone
     * (status and transcript count), so it is exact whenever the seed was read. A run started
     * before the kept history keeps the seed's count.
     */
    private SessionContents rebuilt(String sessionId, String epoch, long seq, SessionContents base) {
        KeptEntries kept;
        try {
            kept = this.log.kept(sessionId, epoch, seq);
        }
        catch (RuntimeException ex) {
            throw new SessionStateUnavailableException("The history of session " + sessionId + " could not be read: "
                    + ex.getMessage());
        }
        if (kept == null) {
            throw new SessionStateUnavailableException("The history of session " + sessionId + " started over after seq "
                    + seq + " of epoch " + epoch);
        }
        List<StateChange> changes = new ArrayList<>(kept.entries().size());
        Set<String> started = new HashSet<>();
        for (byte[] entry : kept.entries()) {
            StateChange change = read(sessionId, -1, entry);
            if (change != null) {
                changes.add(change);
                if (change instanceof StateChange.RunStarted start) {
                    started.add(start.executionId());
                }
            }
        }
        SessionContents exact = base.copy();
        exact.runs.keySet().removeAll(started);
        for (StateChange change : changes) {
            // the seed's count of a run started before the kept history already holds its events
            if (!(change instanceof StateChange.TranscriptEvent event) || started.contains(event.executionId())) {
                change.applyTo(exact, this.runRetention);
            }
        }
        return exact;
    }

    private SessionStateData describe(String sessionId, String epoch, long seq, SessionContents contents) {
        Instant now = this.clock.instant();
        contents.forgetEndedRuns(now, this.runRetention);
        List<SessionStateData.FileData> files = contents.files.values().stream()
                .sorted(Comparator.comparing(SessionContents.FileEntry::fileName))
                .map(file -> describe(sessionId, file))
                .toList();
        List<SessionStateData.RunData> runs = contents.runs.values().stream()
                .filter(run -> run.endedAt() != null || !lost(run.executionId()))
                .sorted(Comparator.comparing(SessionContents.RunEntry::startedAt).reversed())
                .map(run -> new SessionStateData.RunData(run.executionId(), run.status(), run.language(), run.startedAt(),
                        run.transcriptNext()))
                .toList();
        return new SessionStateData(epoch, seq, files, runs, PresenceEntry.byUser(contents.connections.values()));
    }

    // a run going as the session last heard, whose instance went away: its end is never told
    private boolean lost(String executionId) {
        try {
            return this.lost.lost(executionId);
        }
        catch (RuntimeException ex) {
            // Redis away: listed as the session heard it
            return false;
        }
    }

    // the file as its document is at the version of the state's seq: the store may lag by the persist delay
    private SessionStateData.FileData describe(String sessionId, SessionContents.FileEntry file) {
        long version = file.version() == SessionContents.VERSION_UNKNOWN ? this.seeds.versionOf(sessionId, file.fileName())
                : file.version();
        return new SessionStateData.FileData(file.fileName(),
                file.language().isEmpty() ? this.seeds.languageOf(file.fileName()) : file.language(), version,
                this.seeds.sizeOf(sessionId, file.fileName(), version, file.size()), file.savedAt());
    }

    /** One capture of one session's timeline. */
    private final class TimelineCapture implements Capture {

        private final String sessionId;

        private final SessionTimeline timeline;

        private final SessionTimeline.Tap tap;

        TimelineCapture(String sessionId, SessionTimeline timeline, SessionTimeline.Tap tap) {
            this.sessionId = sessionId;
            this.timeline = timeline;
            this.tap = tap;
        }

        @Override
        public Object stateAt(String epoch, long seq) {
            SessionContents contents;
            try {
                contents = this.timeline.at(this.tap, seq, SessionStates.this.runRetention, DELIVERY_WAIT);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                contents = null;
            }
            if (contents == null) {
                throw new SessionStateUnavailableException("The state of session " + this.sessionId + " at seq " + seq
                        + " of epoch " + epoch + " could not be found");
            }
            if (!this.timeline.anchored()) {
                contents = rebuilt(this.sessionId, epoch, seq, contents);
                this.timeline.anchor(this.tap, seq, contents, SessionStates.this.runRetention);
            }
            return describe(this.sessionId, epoch, seq, contents);
        }

        @Override
        public void close() {
            this.timeline.close(this.tap);
        }
    }
}
