package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;

/**
 * Ghost's sessions on this instance: the lane each session's answers queue in, and a view of
 * what Ghost remembers of it ({@link SessionMemory}), which is this process's own in
 * {@code local} mode and shared through Redis in {@code redis} mode. A session untouched for a
 * while, or the least recently used idle one past the cap, is forgotten here; shared memory has
 * its own expiry.
 */
final class GhostSessions {

    // session id -> its lane and memory on this instance
    private final Map<String, State> sessions = new ConcurrentHashMap<>();

    private final Function<String, SessionMemory> memory;

    private final int maxSessions;

    /** Sessions whose memory is kept in this process, {@code historySize} chat messages each. */
    GhostSessions(int historySize, int maxSessions) {
        this(sessionId -> new LocalSessionMemory(sessionId, historySize), maxSessions);
    }

    GhostSessions(Function<String, SessionMemory> memory, int maxSessions) {
        this.memory = memory;
        this.maxSessions = maxSessions;
    }

    State get(String sessionId) {
        State state = this.sessions.computeIfAbsent(sessionId, id -> new State(id, this.memory.apply(id)));
        state.touch();
        if (this.sessions.size() > this.maxSessions) {
            forgetLeastRecentlyUsed(state);
        }
        return state;
    }

    // the cap is rarely reached, so a scan is cheaper than keeping an order on every touch
    private void forgetLeastRecentlyUsed(State keep) {
        this.sessions.values().stream()
                .filter(state -> state != keep && state.lane.isIdle())
                .min(java.util.Comparator.comparingLong(state -> state.lastTouched))
                .ifPresent(oldest -> this.sessions.remove(oldest.sessionId, oldest));
    }

    /** Forgets sessions untouched for {@code idle} whose lane is empty. */
    void evictIdle(Duration idle) {
        long cutoff = System.nanoTime() - idle.toNanos();
        this.sessions.values().removeIf(state -> state.lastTouched < cutoff && state.lane.isIdle());
    }

    int size() {
        return this.sessions.size();
    }

    /** One session: its lane and its memory. */
    static final class State {

        final String sessionId;

        final ReplyLane lane = new ReplyLane();

        private final SessionMemory memory;

        private volatile long lastTouched = System.nanoTime();

        // made with the first reaction; guarded by this
        private @Nullable Bucket reactionBudget;

        State(String sessionId, SessionMemory memory) {
            this.sessionId = sessionId;
            this.memory = memory;
        }

        /** Takes one reaction from the session's budget; false when it is spent. */
        boolean takeReaction(int burst, int perMinute) {
            Bucket budget;
            synchronized (this) {
                if (this.reactionBudget == null) {
                    this.reactionBudget = Bucket.builder().addLimit(Bandwidth.builder().capacity(burst)
                            .refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build();
                }
                budget = this.reactionBudget;
            }
            return budget.tryConsume(1);
        }

        void touch() {
            this.lastTouched = System.nanoTime();
        }

        void runStarted(GhostPrompt.RunReport run) {
            this.memory.runStarted(run);
        }

        void runFailed(GhostPrompt.RunReport run) {
            this.memory.runFailed(run);
        }

        void fileSaved(GhostPrompt.CodeUnit file) {
            this.memory.fileSaved(file);
        }

        void codeSent(GhostPrompt.CodeUnit code) {
            this.memory.codeSent(code);
        }

        void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer) {
            this.memory.remember(question, answer);
        }

        List<GhostPrompt.Turn> history() {
            return this.memory.history();
        }

        GhostPrompt.SessionSnapshot snapshot() {
            return this.memory.snapshot();
        }
    }
}
