package io.ghostide.realtime.connection;

import java.security.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.ghostide.realtime.limits.ClientKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Who is connected, fed by both transports: a connection is opened and closed by the
 * transport layer, and joins a session when it subscribes to that session's topic (a raw
 * connection joins its own session once). Counts are exact: a connection leaves every session
 * the moment the container reports it closed, however it went.
 */
@Component
public class ConnectionRegistry implements ConnectionStats {

    // connection id -> open connection
    private final Map<String, OpenConnection> connections = new ConcurrentHashMap<>();

    // session id -> ids of the connections in it
    private final Map<String, Set<String>> sessions = new ConcurrentHashMap<>();

    private final ConnectionCounts counts;

    // what each connection may hold, asked under the locks below
    private final ConnectionCaps caps;

    private final ApplicationEventPublisher events;

    @Autowired
    ConnectionRegistry(ConnectionProperties properties, ConnectionCaps caps, ConnectionMetrics metrics,
            MeterRegistry meterRegistry, ApplicationEventPublisher events) {
        this.caps = caps;
        this.events = events;
        this.counts = new ConnectionCounts(properties.maxTotal());
        metrics.bindGauges(meterRegistry, this);
    }

    /** A registry of one instance, as in {@code local} mode. */
    ConnectionRegistry(ConnectionProperties properties, ConnectionMetrics metrics, MeterRegistry meterRegistry,
            ApplicationEventPublisher events) {
        this(properties, ConnectionCaps.local(properties), metrics, meterRegistry, events);
    }

    /** Whether another connection may be opened now; a cheap early answer for the handshake. */
    public boolean hasRoomForConnection() {
        return this.counts.hasRoom();
    }

    /**
     * A cheap early answer for the upgrade of a connection of {@code clientKey} ({@link ClientKeys}):
     * the refusal a join of the session would meet now ({@link ConnectionCaps}), or null when
     * there is room. The join itself decides.
     */
    public @Nullable Refusal refusalBeforeJoin(String sessionId, String clientKey) {
        return this.caps.beforeJoin(sessionId, clientKey, this.sessions.get(sessionId), this.connections::get);
    }

    /** Registers an open connection, unless the server is at its cap. */
    boolean tryOpen(QueuedWebSocketSession session) {
        if (!this.counts.tryOpen(session.transport())) {
            return false;
        }
        this.connections.put(session.getId(), new OpenConnection(session));
        return true;
    }

    /** Forgets a connection and takes it out of every session it was in; {@code reason} says how it went. */
    void closed(String connectionId, String reason) {
        OpenConnection connection = this.connections.remove(connectionId);
        if (connection == null) {
            return;
        }
        this.counts.closing(connection.session.transport());
        try {
            Set<String> left;
            synchronized (connection) {
                connection.closed = true;
                left = new HashSet<>(connection.subscriptions.values());
                for (String sessionId : left) {
                    removeMember(connection, sessionId, connectionId);
                }
                connection.subscriptions.clear();
            }
            // told outside the lock: a listener may publish to the session
            for (String sessionId : left) {
                this.events.publishEvent(new ConnectionLeftSession(connectionId, sessionId, reason));
            }
        }
        finally {
            // only now is the connection gone for shutdown: its presence_leave has been published
            this.counts.left();
        }
    }

    /** Adds a connection to a session under one subscription id, as the user of its upgrade. */
    public JoinResult join(String connectionId, String subscriptionId, String sessionId) {
        return join(connectionId, subscriptionId, sessionId, null);
    }

    /**
     * Adds a connection to a session under one subscription id. A connection counts once per
     * session however many subscriptions it has there; joining again under a known id is a no-op.
     *
     * @param user the user the subscription came from (a STOMP CONNECT may bring a token the
     *        upgrade did not), or null for the user of the connection's upgrade
     */
    public JoinResult join(String connectionId, String subscriptionId, String sessionId, @Nullable Principal user) {
        OpenConnection connection = this.connections.get(connectionId);
        if (connection == null) {
            return JoinResult.UNKNOWN_CONNECTION;
        }
        String client = UserShares.clientOf(connection.session, user);
        String left = null;
        synchronized (connection) {
            if (connection.closed) {
                return JoinResult.UNKNOWN_CONNECTION;
            }
            if (sessionId.equals(connection.subscriptions.get(subscriptionId))) {
                return JoinResult.JOINED;
            }
            JoinResult cap = this.caps.perConnection(connection, subscriptionId, sessionId);
            if (cap != null) {
                return cap;
            }
            connection.shareKey = client;
            boolean newcomer = !connection.subscriptions.containsValue(sessionId);
            JoinResult share = newcomer ? this.caps.takeShare(connection, sessionId, client) : null;
            if (share != null) {
                return share;
            }
            JoinResult[] refused = { null };
            // read before compute(): it may ask Redis, which must not happen under the map's lock
            int others = this.caps.elsewhere(sessionId);
            this.sessions.compute(sessionId, (id, members) -> {
                Set<String> set = (members != null ? members : ConcurrentHashMap.newKeySet());
                if (set.contains(connectionId)) {
                    return set;
                }
                refused[0] = this.caps.inSession(set, others, client, this.connections::get);
                if (refused[0] == null) {
                    set.add(connectionId);
                }
                return set.isEmpty() ? null : set;
            });
            if (refused[0] != null) {
                if (newcomer) {
                    this.caps.giveShareBack(connection, sessionId);
                }
                return refused[0];
            }
            String previous = connection.subscriptions.put(subscriptionId, sessionId);
            if (previous != null && !previous.equals(sessionId) && leaveIfUnused(connection, connectionId, previous)) {
                left = previous;
            }
        }
        if (left != null) {
            this.events.publishEvent(new ConnectionLeftSession(connectionId, left, ConnectionLeftSession.UNSUBSCRIBED));
        }
        return JoinResult.JOINED;
    }

    /**
     * Records a subscription to something other than a session topic (the connection's own
     * replies), so that it counts towards the connection's subscriptions.
     */
    public JoinResult subscribeOther(String connectionId, String subscriptionId) {
        OpenConnection connection = this.connections.get(connectionId);
        if (connection == null) {
            return JoinResult.UNKNOWN_CONNECTION;
        }
        synchronized (connection) {
            if (connection.closed) {
                return JoinResult.UNKNOWN_CONNECTION;
            }
            JoinResult cap = this.caps.perConnection(connection, subscriptionId, null);
            if (cap != null) {
                return cap;
            }
            connection.otherSubscriptions.add(subscriptionId);
            return JoinResult.JOINED;
        }
    }

    /** Drops one subscription; the connection leaves the session if no other subscription keeps it there. */
    public void leave(String connectionId, String subscriptionId) {
        OpenConnection connection = this.connections.get(connectionId);
        if (connection == null) {
            return;
        }
        String left = null;
        synchronized (connection) {
            connection.otherSubscriptions.remove(subscriptionId);
            String sessionId = connection.subscriptions.remove(subscriptionId);
            if (sessionId != null && leaveIfUnused(connection, connectionId, sessionId)) {
                left = sessionId;
            }
        }
        if (left != null) {
            this.events.publishEvent(new ConnectionLeftSession(connectionId, left, ConnectionLeftSession.UNSUBSCRIBED));
        }
    }

    private boolean leaveIfUnused(OpenConnection connection, String connectionId, String sessionId) {
        if (!connection.subscriptions.containsValue(sessionId)) {
            removeMember(connection, sessionId, connectionId);
            return true;
        }
        return false;
    }

    /** Whether the connection is in the session now. */
    public boolean isInSession(String connectionId, String sessionId) {
        Set<String> members = this.sessions.get(sessionId);
        return members != null && members.contains(connectionId);
    }

    /** The transport of an open connection, or null once it is gone. */
    public @Nullable Transport transportOf(String connectionId) {
        OpenConnection connection = this.connections.get(connectionId);
        return connection != null ? connection.session.transport() : null;
    }

    // called holding the connection's lock
    private void removeMember(OpenConnection connection, String sessionId, String connectionId) {
        this.caps.giveShareBack(connection, sessionId);
        this.sessions.computeIfPresent(sessionId, (id, members) -> {
            members.remove(connectionId);
            return members.isEmpty() ? null : members;
        });
    }

    @Nullable QueuedWebSocketSession session(String connectionId) {
        OpenConnection connection = this.connections.get(connectionId);
        return connection != null ? connection.session : null;
    }

    /** Runs {@code action} on every open connection. */
    void forEachConnection(Consumer<QueuedWebSocketSession> action) {
        for (OpenConnection connection : this.connections.values()) {
            action.accept(connection.session);
        }
    }

    /** A session the connection is in (its own, for a raw connection), or "" when it is in none. */
    public String sessionOf(String connectionId) {
        OpenConnection connection = this.connections.get(connectionId);
        if (connection == null) {
            return "";
        }
        synchronized (connection) {
            return connection.subscriptions.values().stream().findFirst().orElse("");
        }
    }

    /**
     * Who the connection's client is for the per-user limits: the user its token names, else its
     * address (a name given in {@code none} mode is the client's own choice, not an identity).
     */
    public String clientKeyOf(String connectionId) {
        QueuedWebSocketSession session = session(connectionId);
        return session != null ? UserShares.clientOf(session, null) : ClientKeys.of(null, null);
    }

    /** Ids of every open connection. */
    public List<String> connectionIds() {
        return new ArrayList<>(this.connections.keySet());
    }

    /** Completes once no connection is open and every leave is told, at once if so. */
    CompletableFuture<Void> whenNoConnections() {
        return this.counts.whenNone();
    }

    @Override
    public int totalConnections() {
        return this.counts.open();
    }

    @Override
    public int totalConnections(Transport transport) {
        return this.counts.open(transport);
    }

    @Override
    public List<String> activeSessions() {
        return new ArrayList<>(this.sessions.keySet());
    }

    @Override
    public int connectionCount(String sessionId) {
        Set<String> members = this.sessions.get(sessionId);
        return members != null ? members.size() : 0;
    }

    /** Runs {@code action} on every connection of the session on this instance. */
    void forEachMember(String sessionId, Consumer<QueuedWebSocketSession> action) {
        Set<String> members = this.sessions.get(sessionId);
        if (members != null) {
            for (String connectionId : members) {
                OpenConnection connection = this.connections.get(connectionId);
                if (connection != null) {
                    action.accept(connection.session);
                }
            }
        }
    }
}
