package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What Ghost remembers per session: the code being worked on, the last failure, the saved files
 * it has seen, a bounded chat history, and the lane its answers queue in. Forgotten after the
 * session has been idle for a while.
 */
final class GhostSessions {

    // code (saved, run or sent) larger than this is remembered by name only
    private static final int MAX_REMEMBERED_FILE = 64 * 1024;

    private static final int MAX_REMEMBERED_FILES = 32;

    // session id -> what Ghost knows of it
    private final Map<String, State> sessions = new ConcurrentHashMap<>();

    private final int historySize;

    private final int maxSessions;

    GhostSessions(int historySize, int maxSessions) {
        this.historySize = historySize;
        this.maxSessions = maxSessions;
    }

    State get(String sessionId) {
        State state = this.sessions.computeIfAbsent(sessionId, id -> new State(id, this.historySize));
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

    /** One session. Its fields are guarded by the state's own monitor; none of this is on a hot path. */
    static final class State {

        final String sessionId;

        final ReplyLane lane = new ReplyLane();

        private final int historySize;

        private volatile long lastTouched = System.nanoTime();

        private GhostPrompt.@Nullable CodeUnit current;

        private GhostPrompt.@Nullable RunReport lastFailure;

        private @Nullable String latestRunId;

        // file name -> content, least recently saved first
        private final LinkedHashMap<String, GhostPrompt.CodeUnit> savedFiles = new LinkedHashMap<>();

        private final ArrayDeque<GhostPrompt.Turn> history = new ArrayDeque<>();

        State(String sessionId, int historySize) {
            this.sessionId = sessionId;
            this.historySize = historySize;
        }

        void touch() {
            this.lastTouched = System.nanoTime();
        }

        synchronized void runStarted(GhostPrompt.RunReport run) {
            this.latestRunId = run.executionId();
            this.current = bounded(new GhostPrompt.CodeUnit(null, run.language(), run.code()));
        }

        synchronized void runFailed(GhostPrompt.RunReport run) {
            this.lastFailure = run;
            if (this.latestRunId == null) {
                this.latestRunId = run.executionId();
            }
            this.current = bounded(new GhostPrompt.CodeUnit(null, run.language(), run.code()));
        }

        synchronized void fileSaved(GhostPrompt.CodeUnit file) {
            String name = file.fileName() != null ? file.fileName() : "untitled";
            this.savedFiles.remove(name);
            GhostPrompt.CodeUnit remembered = bounded(new GhostPrompt.CodeUnit(name, file.language(), file.code()));
            this.savedFiles.put(name, remembered);
            while (this.savedFiles.size() > MAX_REMEMBERED_FILES) {
                this.savedFiles.remove(this.savedFiles.keySet().iterator().next());
            }
            this.current = remembered;
        }

        /** Code sent along with a chat message ({@code context.code}) becomes the code Ghost talks about. */
        synchronized void codeSent(GhostPrompt.CodeUnit code) {
            this.current = bounded(code);
        }

        // code larger than this is remembered by name and language only: what a session keeps stays small
        private static GhostPrompt.CodeUnit bounded(GhostPrompt.CodeUnit code) {
            return code.code().length() <= MAX_REMEMBERED_FILE ? code
                    : new GhostPrompt.CodeUnit(code.fileName(), code.language(), "");
        }

        synchronized void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer) {
            if (this.historySize == 0) {
                return;
            }
            this.history.addLast(question);
            this.history.addLast(answer);
            while (this.history.size() > this.historySize) {
                this.history.removeFirst();
            }
        }

        synchronized List<GhostPrompt.Turn> history() {
            return List.copyOf(this.history);
        }

        synchronized GhostPrompt.SessionSnapshot snapshot() {
            GhostPrompt.CodeUnit code = this.current;
            // the program that ran is better known by its saved name when it was saved too
            if (code != null && code.fileName() == null) {
                for (GhostPrompt.CodeUnit saved : this.savedFiles.values()) {
                    if (saved.code().equals(code.code())) {
                        code = saved;
                    }
                }
            }
            boolean failureIsLatest = this.lastFailure != null && this.lastFailure.executionId().equals(this.latestRunId);
            return new GhostPrompt.SessionSnapshot(this.sessionId, code, this.lastFailure, failureIsLatest,
                    Collections.unmodifiableMap(new LinkedHashMap<>(this.savedFiles)));
        }
    }
}
