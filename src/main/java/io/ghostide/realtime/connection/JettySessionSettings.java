package io.ghostide.realtime.connection;

import org.eclipse.jetty.websocket.api.Session;

/** What a managed connection sets on its Jetty session: inbound limits, buffer and idle timeout. */
final class JettySessionSettings {

    /** Bytes Jetty reads at a time, and the size it starts an inbound message's buffer at. */
    static final int INPUT_BUFFER_SIZE = 1024;

    private JettySessionSettings() {
    }

    static void apply(Session session, ConnectionProperties properties) {
        // Jetty assembles each inbound message (from pooled buffers) and closes with 1009 past these
        long maxMessage = properties.maxFrameSize().toBytes();
        session.setMaxTextMessageSize(maxMessage);
        session.setMaxBinaryMessageSize(maxMessage);
        // Jetty starts each inbound text message with a builder of this many bytes: clients send
        // small commands, and 4 KiB (the default) was a quarter of the garbage a ping made
        session.setInputBufferSize(INPUT_BUFFER_SIZE);
        // the server's own keep-alive closes a quiet connection first; Jetty's timeout is only a backstop
        session.setIdleTimeout(properties.idleTimeout().plus(properties.pingInterval()));
    }
}
