package io.ghostide.realtime.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The share of the run slots and queue places one session and one user may hold at once
 * (running or waiting), so that nobody can take every place and lock the others out. A run
 * takes a place of its session and of its user before it takes a slot or queue place, and
 * gives them back when it ends.
 */
final class FairShare {

    /** A share taken; close it when the run ends or was not admitted after all. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }

    // session id -> its runs running or waiting
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    // user key -> their runs running or waiting
    private final Map<String, Integer> users = new ConcurrentHashMap<>();

    private final int perSession;

    private final int perUser;

    FairShare(int perSession, int perUser) {
        this.perSession = perSession;
        this.perUser = perUser;
    }

    /**
     * Takes a place for a run of the session by the user (null: a caller with no user, such as
     * a service inside the server); throws 429 naming the limit when the session or the user
     * holds its share already.
     */
    Held take(String sessionId, @Nullable String user) {
        if (!tryIncrement(this.sessions, sessionId, this.perSession)) {
            throw new ExecutionRejectedException(429, "Too many runs for this session", "Session " + sessionId
                    + " already has " + this.perSession + " runs running or waiting (ghostide.execution.max-runs-per-session);"
                    + " try again when one has ended", null);
        }
        if (user != null && !tryIncrement(this.users, user, this.perUser)) {
            decrement(this.sessions, sessionId);
            throw new ExecutionRejectedException(429, "Too many runs for this user", "This client already has "
                    + this.perUser + " runs running or waiting (ghostide.execution.max-runs-per-user);"
                    + " try again when one has ended", null);
        }
        return () -> {
            decrement(this.sessions, sessionId);
            if (user != null) {
                decrement(this.users, user);
            }
        };
    }

    int sessionRuns(String sessionId) {
        return this.sessions.getOrDefault(sessionId, 0);
    }

    private static boolean tryIncrement(Map<String, Integer> counts, String key, int max) {
        boolean[] taken = { false };
        counts.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    // an entry at zero is removed, so idle sessions and users cost nothing
    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
