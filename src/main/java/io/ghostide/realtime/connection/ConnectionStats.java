package io.ghostide.realtime.connection;

import java.util.List;

/** Read-only, exact counts of who is connected, and how far behind they are. */
public interface ConnectionStats {

    /** Every open WebSocket connection, raw or STOMP. */
    int totalConnections();

    /** Open connections of one transport. */
    int totalConnections(Transport transport);

    /** Sessions that have at least one connection. */
    List<String> activeSessions();

    /** Connections of one session: raw connections plus STOMP connections subscribed to its topic. */
    int connectionCount(String sessionId);

    /**
     * Characters of text (bytes of binary frames) still to be written to the session's most
     * behind connection; 0 when all is written.
     */
    long outboundBacklog(String sessionId);
}
