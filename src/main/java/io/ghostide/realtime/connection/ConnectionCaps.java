package io.ghostide.realtime.connection;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.ghostide.realtime.cluster.SharedLeases;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The caps on what connections may hold, each counted and refused here for both transports: the
 * connections of one session ({@code ghostide.connection.max-per-session}, over every instance
 * in {@code redis} mode), each user's share of them ({@code max-per-session-per-user}), and the
 * sessions and subscriptions of one connection. The {@link ConnectionRegistry} asks it under its
 * own locks, so that a count and the join it allows are one step; a transport only says the
 * {@link Refusal} in its own form (the upgrade's HTTP answer, a STOMP {@code ERROR}, a raw
 * connection's {@code error} and close). The cap on all connections of the server is counted as
 * connections open ({@link ConnectionRegistry#hasRoomForConnection}).
 */
@Component
public class ConnectionCaps {

    private final ConnectionProperties properties;

    // session id -> its connections on other instances (0 in local mode)
    private final ToIntFunction<String> elsewhere;

    private final UserShares shares;

    @Autowired
    ConnectionCaps(ConnectionProperties properties, ClusterStats cluster, SharedLeases leases) {
        this(properties, cluster::elsewhere, leases);
    }

    ConnectionCaps(ConnectionProperties properties, ToIntFunction<String> elsewhere, SharedLeases leases) {
        this.properties = properties;
        this.elsewhere = elsewhere;
        this.shares = new UserShares(leases, properties.maxPerSessionPerUser());
    }

    /** The caps of one instance only, as in {@code local} mode. */
    static ConnectionCaps local(ConnectionProperties properties) {
        return new ConnectionCaps(properties, sessionId -> 0, SharedLeases.local());
    }

    /** What the client of a refused join is told; not for {@link JoinResult#JOINED} or a connection gone. */
    public Refusal refusal(JoinResult result, String sessionId) {
        return switch (result) {
            case SESSION_FULL -> new Refusal(CloseReason.SESSION_FULL, 429, "Too many connections for session "
                    + sessionId + ": at most " + this.properties.maxPerSession() + " (ghostide.connection.max-per-session)");
            case USER_SHARE_FULL -> new Refusal(CloseReason.SESSION_FULL, 429, "Too many connections for session "
                    + sessionId + " from one user (without a token, one client address): at most "
                    + this.properties.maxPerSessionPerUser() + " of its " + this.properties.maxPerSession()
                    + " (ghostide.connection.max-per-session-per-user)");
            case TOO_MANY_SESSIONS -> new Refusal(CloseReason.SESSION_FULL, 429, "Too many sessions on one connection:"
                    + " at most " + this.properties.maxSessionsPerConnection()
                    + " (ghostide.connection.max-sessions-per-connection); unsubscribe from one first");
            case TOO_MANY_SUBSCRIPTIONS -> new Refusal(CloseReason.SESSION_FULL, 429, "Too many subscriptions on one"
                    + " connection: at most " + this.properties.maxSubscriptionsPerConnection()
                    + " (ghostide.connection.max-subscriptions-per-connection)");
            case SHARED_STATE_UNAVAILABLE -> new Refusal(CloseReason.SHARED_STATE_UNAVAILABLE, 503, "Cannot join session "
                    + sessionId + " now (503): Redis, which counts each user's share of a session"
                    + " (ghostide.connection.max-per-session-per-user), is unreachable; try again shortly");
            case JOINED, UNKNOWN_CONNECTION -> throw new IllegalArgumentException("Not a refusal: " + result);
        };
    }

    /**
     * A cheap early answer for an upgrade, before the connection exists: the refusal a join of the
     * session would meet now, or null when there is room. The join itself decides.
     *
     * @param members the connections of the session on this instance, or null for none
     */
    @Nullable Refusal beforeJoin(String sessionId, String client, @Nullable Set<String> members,
            Function<String, @Nullable OpenConnection> open) {
        JoinResult refused = inSession(members != null ? members : Set.of(), elsewhere(sessionId), client, open);
        return refused != null ? refusal(refused, sessionId) : null;
    }

    /** The cap a new subscription of the connection would break, or null when it fits; called holding the connection. */
    @Nullable JoinResult perConnection(OpenConnection connection, String subscriptionId, @Nullable String sessionId) {
        boolean newSubscription = !connection.subscriptions.containsKey(subscriptionId)
                && !connection.otherSubscriptions.contains(subscriptionId);
        if (newSubscription && connection.subscriptionCount() >= this.properties.maxSubscriptionsPerConnection()) {
            return JoinResult.TOO_MANY_SUBSCRIPTIONS;
        }
        if (sessionId != null && !connection.subscriptions.containsValue(sessionId)
                && new HashSet<>(connection.subscriptions.values()).size() >= this.properties.maxSessionsPerConnection()) {
            return JoinResult.TOO_MANY_SESSIONS;
        }
        return null;
    }

    /**
     * Takes the connection's place in its client's share of the session, counted by every
     * instance; called holding the connection, for one not yet in the session.
     *
     * @return null when taken, else why not
     */
    @Nullable JoinResult takeShare(OpenConnection connection, String sessionId, String client) {
        return this.shares.take(connection, sessionId, client);
    }

    /** Gives the connection's place in the session back, if it holds one; called holding the connection. */
    void giveShareBack(OpenConnection connection, String sessionId) {
        this.shares.giveBack(connection, sessionId);
    }

    /**
     * Whether one more connection of {@code client} fits among the session's members; called in
     * the registry's update of the session, with {@code others} read before it (asking Redis there
     * would hold the map's lock).
     *
     * @return null when it fits, else why not
     */
    @Nullable JoinResult inSession(Set<String> members, int others, String client,
            Function<String, @Nullable OpenConnection> open) {
        if (members.size() + others >= this.properties.maxPerSession()) {
            return JoinResult.SESSION_FULL;
        }
        if (!this.shares.hasRoomAmong(members, client, open)) {
            return JoinResult.USER_SHARE_FULL;
        }
        return null;
    }

    /** The session's connections on other instances; 0 when their counts cannot be read (this instance's own count still caps it). */
    int elsewhere(String sessionId) {
        try {
            return this.elsewhere.applyAsInt(sessionId);
        }
        catch (RuntimeException ex) {
            return 0;
        }
    }
}
