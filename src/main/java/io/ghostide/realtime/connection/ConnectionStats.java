package io.ghostide.realtime.connection;

import java.util.List;

/** Read-only, exact counts of who is connected. */
public interface ConnectionStats {

    /** Every open WebSocket connection, raw or STOMP. */
    int totalConnections();

    /** Open connections of one transport. */
    int totalConnections(Transport transport);

    /** Sessions that have at least one connection. */
    List<String> activeSessions();

    /** Connections of one session: raw connections plus STOMP connections subscribed to its topic. */
    int connectionCount(String sessionId);
}
