package io.ghostide.realtime.connection;

/**
 * A connection stopped being in a session: its last subscription there ended, or the
 * connection went away, however it went. Published after the registry has forgotten it.
 *
 * @param connectionId the connection
 * @param sessionId the session it was in
 * @param reason {@code unsubscribed}, {@code closed}, {@code connection_lost} or the server's own reason
 */
public record ConnectionLeftSession(String connectionId, String sessionId, String reason) {

    static final String UNSUBSCRIBED = "unsubscribed";
}
