package io.ghostide.realtime.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.WebSocketMessage;

/**
 * A text frame made once and written to many connections: its UTF-8 bytes behind a read-only
 * buffer, of which every write takes its own view, so the bytes are neither decoded nor encoded
 * again per connection. Only a managed connection ({@link ManagedConnections#isManaged}) can send
 * one; its size in the send buffer is its length in bytes, uncompressed, whether it goes out
 * compressed or not.
 * <p>
 * For connections that compress ({@code permessage-deflate} without server context takeover) the
 * frame also keeps its deflated form, made on the first such write and shared by all the others
 * ({@link SharedDeflateExtension}).
 */
public final class PreparedFrame implements WebSocketMessage<ByteBuffer> {

    private final ByteBuffer bytes;

    // the text, decoded only if the frame has to be written through Jetty's public API
    private volatile @Nullable String text;

    // the deflated bytes, made once, on the first write to a connection that compresses
    private volatile @Nullable ByteBuffer deflated;

    /** A frame of these UTF-8 bytes, which the caller no longer changes. */
    public PreparedFrame(byte[] utf8) {
        this.bytes = ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    /** A view of the bytes of its own: a write may consume it. */
    @Override
    public ByteBuffer getPayload() {
        return this.bytes.slice();
    }

    @Override
    public int getPayloadLength() {
        return this.bytes.remaining();
    }

    @Override
    public boolean isLast() {
        return true;
    }

    /** The frame as text, decoded once, for a write that takes a {@code String}. */
    String text() {
        String decoded = this.text;
        if (decoded == null) {
            decoded = StandardCharsets.UTF_8.decode(getPayload()).toString();
            this.text = decoded;
        }
        return decoded;
    }

    /**
     * The frame's payload deflated as one {@code permessage-deflate} message, made by
     * {@code deflate} on the first call only (the others wait for it), a view of its own per call.
     */
    ByteBuffer deflated(Function<ByteBuffer, byte[]> deflate) {
        ByteBuffer made = this.deflated;
        if (made == null) {
            synchronized (this) {
                made = this.deflated;
                if (made == null) {
                    made = ByteBuffer.wrap(deflate.apply(getPayload())).asReadOnlyBuffer();
                    this.deflated = made;
                }
            }
        }
        return made.slice();
    }

    @Override
    public String toString() {
        return "PreparedFrame[" + getPayloadLength() + " bytes]";
    }
}
