package io.ghostide.realtime.connection;

import java.security.Principal;
import java.util.Set;
import java.util.function.Function;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.limits.ClientKeys;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Each user's share of a session's connections ({@code ghostide.connection.max-per-session-per-user})
 * as every instance counts it together: in {@code redis} mode a connection takes a place in
 * Redis before it joins, so a user connecting through several instances gets the one share.
 * The registry's own count of this instance is checked as well, and is the whole count in
 * {@code local} mode, where {@link SharedLeases#local()} grants every place.
 */
final class UserShares {

    private final SharedLeases leases;

    private final int max;

    UserShares(SharedLeases leases, int max) {
        this.leases = leases;
        this.max = max;
    }

    /**
     * Who a connection's client is for the per-user limits ({@link ClientKeys}): the user its token
     * names, else its address (a name given in {@code none} mode is the client's own choice).
     *
     * @param user the user a subscription came from, or null for the user of the connection's upgrade
     */
    static String clientOf(QueuedWebSocketSession session, @Nullable Principal user) {
        return ClientKeys.of(CallerHolder.callerOf(user != null ? user : session.getPrincipal()).verifiedUser(),
                session.getRemoteAddress());
    }

    /** Whether the client has room for one more connection among a session's members on this instance, found by {@code open}. */
    boolean hasRoomAmong(@Nullable Set<String> members, String client, Function<String, @Nullable OpenConnection> open) {
        return members == null || members.stream().map(open)
                .filter(connection -> connection != null && client.equals(connection.shareKey)).count() < this.max;
    }

    /**
     * Takes the connection's place in its client's share of the session; called holding the
     * connection's lock, for a connection not yet in the session.
     *
     * @return null when taken, else why not
     */
    @Nullable JoinResult take(OpenConnection connection, String sessionId, String client) {
        SharedLeases.Lease place;
        try {
            place = this.leases.take("share:" + sessionId + ":" + client, this.max, connection.session.getId());
        }
        catch (SharedStateUnavailableException ex) {
            // refused rather than let in unchecked
            return JoinResult.SHARED_STATE_UNAVAILABLE;
        }
        if (place == null) {
            return JoinResult.USER_SHARE_FULL;
        }
        connection.shares.put(sessionId, place);
        return null;
    }

    /** Gives the connection's place in the session back, if it holds one; called holding the connection's lock. */
    void giveBack(OpenConnection connection, String sessionId) {
        SharedLeases.Lease place = connection.shares.remove(sessionId);
        if (place != null) {
            place.close();
        }
    }
}
