package io.ghostide.realtime.connection;

/**
 * How a connection is told why the server ends it, in the words of its protocol: the messaging
 * layer's {@code disconnect} {@code {code, reason}} message on the connection's reply queue. The
 * connection layer decides when a connection goes ({@link ConnectionClosing}); the layer that
 * knows the messages provides this.
 */
@FunctionalInterface
public interface DisconnectNotice {

    /**
     * Queues {@code disconnect} for the connection, with the close code of {@code reason} and
     * {@code text} as its reason.
     *
     * @param sessionId the session the message is stamped with ("" for none)
     */
    void send(String connectionId, String sessionId, CloseReason reason, String text);
}
