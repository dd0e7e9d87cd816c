package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Ghost's sessions on this instance, each held until it is forgotten: the lane its answers queue
 * in, its budget of reactions ({@link ReactionBudgets}), and a view of what Ghost remembers of it
 * ({@link SessionMemory}), which is this process's own in {@code local} mode and shared through
 * Redis in {@code redis} mode. A session untouched for a while, or the least recently used idle
 * one past the cap on sessions or on the bytes held here ({@code ghostide.ghost.max-memory}), is
 * forgotten here; shared memory has its own bounds.
 */
final class GhostSessions {

    // session id -> its lane and memory on this instance
    private final Map<String, State> sessions = new ConcurrentHashMap<>();

    private final Function<String, SessionMemory> memory;

    private final ReactionBudgets reactionBudgets;

    private final int maxSessions;

    private final long maxBytes;

    // bytes the memories of every session hold, as each last reported (SessionMemory.heldBytes)
    private final AtomicLong heldBytes = new AtomicLong();

    /** Sessions whose memory is kept in this process, {@code historySize} chat messages each, {@code maxBytes} in all. */
    GhostSessions(int historySize, int maxSessions, long maxBytes) {
        this(sessionId -> new LocalSessionMemory(sessionId, historySize), maxSessions, maxBytes);
    }

    GhostSessions(Function<String, SessionMemory> memory, int maxSessions, long maxBytes) {
        this(memory, maxSessions, maxBytes, new ReactionBudgets());
    }

    GhostSessions(Function<String, SessionMemory> memory, int maxSessions, long maxBytes,
            ReactionBudgets reactionBudgets) {
        this.reactionBudgets = reactionBudgets;
        this.memory = memory;
        this.maxSessions = maxSessions;
        this.maxBytes = maxBytes;
    }

    State get(String sessionId) {
        State state = this.sessions.computeIfAbsent(sessionId, id -> new State(id, this.memory.apply(id),
                this.reactionBudgets.forSession(id), this));
        state.touch();
        if (this.sessions.size() > this.maxSessions) {
            forgetLeastRecentlyUsed(state, () -> this.sessions.size() > this.maxSessions);
        }
        return state;
    }

    /**
     * Forgets a deleted file: in the session's memory when this instance has it, else in the
     * memory a view of it reaches (Redis), without keeping a view for it here.
     */
    void fileDeleted(String sessionId, String fileName) {
        State state = this.sessions.get(sessionId);
        if (state != null) {
            state.fileDeleted(fileName);
        }
        else {
            this.memory.apply(sessionId).fileDeleted(fileName);
        }
    }

    // after every write: the session's new size counts, and past the budget the least recently used idle ones go
    private void resized(State state) {
        long change;
        synchronized (state) {
            if (state.forgotten) {
                return;
            }
            long held = state.memory.heldBytes();
            change = held - state.accountedBytes;
            state.accountedBytes = held;
        }
        if (this.heldBytes.addAndGet(change) > this.maxBytes) {
            forgetLeastRecentlyUsed(state, () -> this.heldBytes.get() > this.maxBytes);
        }
    }

    // the caps are rarely reached, so a scan is cheaper than keeping an order on every touch;
    // a session with an answer under way stays, so the caps may be passed by those alone
    private void forgetLeastRecentlyUsed(State keep, java.util.function.BooleanSupplier over) {
        List<State> leastRecentFirst = this.sessions.values().stream()
                .filter(state -> state != keep && state.lane.isIdle())
                .sorted(Comparator.comparingLong(state -> state.lastTouched))
                .toList();
        for (State oldest : leastRecentFirst) {
            if (!over.getAsBoolean()) {
                return;
            }
            forget(oldest);
        }
    }

    private void forget(State state) {
        if (!this.sessions.remove(state.sessionId, state)) {
            return;
        }
        synchronized (state) {
            state.forgotten = true;
            this.heldBytes.addAndGet(-state.accountedBytes);
            state.accountedBytes = 0;
        }
    }

    /** Forgets sessions untouched for {@code idle} whose lane is empty. */
    void evictIdle(Duration idle) {
        long cutoff = System.nanoTime() - idle.toNanos();
        for (State state : this.sessions.values()) {
            if (state.lastTouched < cutoff && state.lane.isIdle()) {
                forget(state);
            }
        }
    }

    int size() {
        return this.sessions.size();
    }

    /** Bytes held by the memories of the sessions here, as counted against the budget. */
    long heldBytes() {
        return this.heldBytes.get();
    }

    /** One session: its lane, its budget of reactions and its memory. */
    static final class State {

        final String sessionId;

        final ReplyLane lane = new ReplyLane();

        final ReactionBudgets.Budget reactions;

        private final SessionMemory memory;

        private final GhostSessions owner;

        private volatile long lastTouched = System.nanoTime();

        // guarded by this: what the budget counts for the session, and whether it was forgotten (then nothing more counts)
        private long accountedBytes;

        private boolean forgotten;

        State(String sessionId, SessionMemory memory, ReactionBudgets.Budget reactions, GhostSessions owner) {
            this.sessionId = sessionId;
            this.memory = memory;
            this.reactions = reactions;
            this.owner = owner;
        }

        void touch() {
            this.lastTouched = System.nanoTime();
        }

        void runStarted(GhostPrompt.RunReport run) {
            this.memory.runStarted(run);
            this.owner.resized(this);
        }

        void runFailed(GhostPrompt.RunReport run) {
            this.memory.runFailed(run);
            this.owner.resized(this);
        }

        void fileSaved(GhostPrompt.CodeUnit file) {
            this.memory.fileSaved(file);
            this.owner.resized(this);
        }

        void fileDeleted(String fileName) {
            this.memory.fileDeleted(fileName);
            this.owner.resized(this);
        }

        void codeSent(GhostPrompt.CodeUnit code) {
            this.memory.codeSent(code);
            this.owner.resized(this);
        }

        void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer) {
            this.memory.remember(question, answer);
            this.owner.resized(this);
        }

        List<GhostPrompt.Turn> history() {
            return this.memory.history();
        }

        GhostPrompt.SessionSnapshot snapshot() {
            return this.memory.snapshot();
        }
    }
}
