package io.ghostide.realtime.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The share of the run slots and queue places one session and one user may hold at once
 * (running or waiting), so that nobody can take every place and lock the others out. A run
 * takes a place of its session and of its user before it takes a slot or queue place, and
 * gives them back when it ends. Counted here for this instance, and in {@code redis} mode also
 * by every instance together ({@link SharedLeases}), so a session or user running code through
 * several instances gets the one share; while Redis is away a run is refused with 503.
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

    private final SharedLeases everywhere;

    FairShare(int perSession, int perUser, SharedLeases everywhere) {
        this.perSession = perSession;
        this.perUser = perUser;
        this.everywhere = everywhere;
    }

    /**
     * Takes a place for the run {@code runId} of the session by the user (null: a caller with no
     * user, such as a service inside the server); throws 429 naming the limit when the session or
     * the user holds its share already, 503 when Redis does not answer in {@code redis} mode.
     */
    Held take(String sessionId, @Nullable String user, String runId) {
        SharedLeases.Lease session = takeOne(this.sessions, sessionId, "runs:session:", this.perSession, runId);
        if (session == null) {
            throw new ExecutionRejectedException(429, "Too many runs for this session", "Session " + sessionId
                    + " already has " + this.perSession + " runs running or waiting (ghostide.execution.max-runs-per-session);"
                    + " try again when one has ended", null);
        }
        SharedLeases.Lease ofUser = null;
        if (user != null) {
            try {
                ofUser = takeOne(this.users, user, "runs:user:", this.perUser, runId);
            }
            finally {
                if (ofUser == null) {
                    giveBack(this.sessions, sessionId, session);
                }
            }
            if (ofUser == null) {
                throw new ExecutionRejectedException(429, "Too many runs for this user", "This client already has "
                        + this.perUser + " runs running or waiting (ghostide.execution.max-runs-per-user);"
                        + " try again when one has ended", null);
            }
        }
        SharedLeases.Lease userPlace = ofUser;
        return () -> {
            giveBack(this.sessions, sessionId, session);
            if (user != null) {
                giveBack(this.users, user, userPlace);
            }
        };
    }

    // this instance's count first, then every instance's; null when either is full
    private SharedLeases.@Nullable Lease takeOne(Map<String, Integer> counts, String key, String kind, int max,
            String runId) {
        if (!tryIncrement(counts, key, max)) {
            return null;
        }
        SharedLeases.Lease place;
        try {
            place = this.everywhere.take(kind + key, max, runId);
        }
        catch (SharedStateUnavailableException ex) {
            decrement(counts, key);
            throw new ExecutionRejectedException(503, "Run places unavailable", "Redis, which counts the run places"
                    + " of every instance (ghostide.execution.max-runs-per-session, max-runs-per-user), is unreachable;"
                    + " try again shortly", null);
        }
        if (place == null) {
            decrement(counts, key);
        }
        return place;
    }

    private static void giveBack(Map<String, Integer> counts, String key, SharedLeases.Lease place) {
        decrement(counts, key);
        place.close();
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
