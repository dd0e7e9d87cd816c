package io.ghostide.realtime.messaging.stomp;

import java.nio.ByteBuffer;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.MultiValueMap;

/**
 * Decodes STOMP frames as the framework does, and refuses a {@code content-length} that cannot
 * be right: not a whole number, larger than the largest message the server accepts, or longer
 * than the frame it heads. The framework ignores a malformed value and, when the value is too
 * large, takes the client's next frames as the rest of the body: the connection then swallows
 * them without a word.
 * <p>
 * A frame may arrive in several WebSocket messages (stomp.js can be told to split large ones), so
 * a body short of its {@code content-length} at the end of a message is normally the start of a
 * frame. It is not when the message ends the way a whole frame ends, with a NUL (and optional
 * EOLs): then the client sent a frame whose {@code content-length} is larger than its body.
 */
final class StrictStompDecoder extends StompDecoder {

    private static final String CONTENT_LENGTH = StompHeaderAccessor.STOMP_CONTENT_LENGTH_HEADER;

    private final int maxLength;

    /** @param maxLength the largest message the server accepts, in bytes: the STOMP message size limit */
    StrictStompDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public List<Message<byte[]>> decode(ByteBuffer byteBuffer,
            @Nullable MultiValueMap<String, String> partialMessageHeaders) {
        List<Message<byte[]>> messages = super.decode(byteBuffer, partialMessageHeaders);
        for (Message<byte[]> message : messages) {
            checkDeclared(NativeMessageHeaderAccessor.getFirstNativeHeader(CONTENT_LENGTH, message.getHeaders()));
        }
        // what is left is one frame still incomplete, from its first byte to the end of the message
        String pending = partialMessageHeaders != null ? partialMessageHeaders.getFirst(CONTENT_LENGTH) : null;
        if (byteBuffer.hasRemaining() && pending != null) {
            long declared = checkDeclared(pending);
            if (endsLikeAFrame(byteBuffer)) {
                throw new InvalidContentLengthException("Invalid STOMP frame: its content-length (" + declared
                        + ") is larger than its body; content-length counts the bytes between the blank line"
                        + " after the headers and the NUL that ends the frame");
            }
        }
        return messages;
    }

    // the value as a number of bytes, or an exception in the client's terms
    private long checkDeclared(@Nullable String value) {
        if (value == null) {
            return -1;
        }
        if (!value.matches("[0-9]{1,10}")) {
            throw new InvalidContentLengthException("Invalid STOMP frame: content-length must be a number of bytes,"
                    + " got '" + abbreviate(value) + "'");
        }
        long declared = Long.parseLong(value);
        if (declared > this.maxLength) {
            throw new InvalidContentLengthException("Invalid STOMP frame: content-length " + declared
                    + " is larger than the largest message the server accepts (" + this.maxLength
                    + " bytes, ghostide.connection.max-frame-size)");
        }
        return declared;
    }

    // whether the last byte before any trailing EOLs is the NUL that ends a frame
    private static boolean endsLikeAFrame(ByteBuffer buffer) {
        for (int i = buffer.limit() - 1; i >= buffer.position(); i--) {
            byte b = buffer.get(i);
            if (b != '\n' && b != '\r') {
                return b == 0;
            }
        }
        return false;
    }

    private static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }

    /** A frame refused for its {@code content-length}; the message is meant for the client as it is. */
    static final class InvalidContentLengthException extends StompConversionException {

        InvalidContentLengthException(String message) {
            super(message);
        }
    }
}
