package io.ghostide.realtime.connection;

import java.nio.ByteBuffer;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/** What the outbound queue counts of a frame. */
final class Frames {

    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

    private Frames() {
    }

    /** What a frame adds to a connection's queue: characters of text, bytes of binary and of prepared text, nothing for control frames. */
    static long sizeOf(WebSocketMessage<?> message) {
        if (message instanceof TextMessage text) {
            // characters, not bytes: exact for ASCII and far cheaper than encoding twice
            return text.getPayload().length();
        }
        if (message instanceof PreparedFrame prepared) {
            return prepared.getPayloadLength();
        }
        if (message instanceof BinaryMessage binary) {
            return binary.getPayloadLength();
        }
        return 0;
    }

    /** A ping's or pong's payload, never null. */
    static ByteBuffer payloadOf(WebSocketMessage<ByteBuffer> message) {
        ByteBuffer payload = message.getPayload();
        return payload != null ? payload : NO_PAYLOAD;
    }
}
