package io.ghostide.realtime.connection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.compression.CompressionPool;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.eclipse.jetty.websocket.core.internal.PerMessageDeflateExtension;
import org.eclipse.jetty.websocket.core.util.WebSocketFlusher;

/**
 * Jetty's {@code permessage-deflate}, registered in its place when compression is on
 * ({@link SharedDeflateRegistration}), with one change on the way out: a {@link PreparedTextFrame}
 * (a message published to many connections) is sent as the bytes its {@link PreparedFrame}
 * deflated once for all of them, instead of being deflated again on every connection. That is
 * only right without server context takeover, where each message is compressed on its own and so
 * compresses to the same bytes on every connection; a connection that kept its context (not one
 * this server negotiates) deflates every frame itself.
 * <p>
 * Incoming frames are Jetty's own path, untouched. Every other outgoing frame is deflated as Jetty
 * does it (the same steps as Jetty 12.1's outgoing flusher, which is private): sync flush, the
 * {@code 00 00 FF FF} tail removed from a message's last frame, {@code 0x00} for an empty one,
 * fragments no larger than the deflate buffer. A shared frame goes out whole, in one frame, at
 * whatever size it deflated to. Shared and per-connection frames go through the same queue, so
 * their order is kept.
 * <p>
 * Public only because Jetty instantiates its extensions by reflection, from its own package.
 */
public final class SharedDeflateExtension extends PerMessageDeflateExtension {

    // as Jetty's: the deflate buffer, and the largest fragment a deflated frame is cut into
    private static final int DEFAULT_BUFFER_SIZE = 8 * 1024;

    private static final byte[] TAIL = { 0x00, 0x00, (byte) 0xFF, (byte) 0xFF };

    private static final LongAdder SHARED_DEFLATES = new LongAdder();

    private static final LongAdder SHARED_SENDS = new LongAdder();

    private static final LongAdder OWN_DEFLATES = new LongAdder();

    private final Outgoing outgoing = new Outgoing();

    private boolean sharedBytes;

    private int deflateBufferSize = DEFAULT_BUFFER_SIZE;

    /** Made by Jetty's extension registry, one per connection that negotiated the extension. */
    public SharedDeflateExtension() {
    }

    @Override
    public void init(ExtensionConfig config, WebSocketComponents components) {
        super.init(config, components);
        this.sharedBytes = config.getParameterKeys().contains("server_no_context_takeover");
        this.deflateBufferSize = config.getParameter("@deflate_buffer_size", DEFAULT_BUFFER_SIZE);
    }

    @Override
    public void sendFrame(OutgoingEntry entry) {
        this.outgoing.sendFrame(entry);
    }

    @Override
    public void close() {
        this.outgoing.closeFlusher();
        super.close();
    }

    /** Messages deflated once for all their connections, since start. */
    static long sharedDeflates() {
        return SHARED_DEFLATES.sum();
    }

    /** Frames sent from bytes deflated once for many connections, since start. */
    static long sharedSends() {
        return SHARED_SENDS.sum();
    }

    /** Messages deflated by one connection for itself, since start. */
    static long ownDeflates() {
        return OWN_DEFLATES.sum();
    }

    /** One whole message deflated as {@code permessage-deflate} sends it, with a deflater of the pool. */
    private byte[] deflateWhole(ByteBuffer payload) {
        SHARED_DEFLATES.increment();
        CompressionPool<Deflater>.Entry pooled = getDeflaterPool().acquire();
        try {
            Deflater deflater = pooled.get();
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, payload.remaining() / 2));
            byte[] chunk = new byte[Math.min(this.deflateBufferSize, Math.max(64, payload.remaining() + 64))];
            int compressed;
            // sync flush until a call leaves room in the chunk: then all input is out
            do {
                compressed = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, compressed);
            }
            while (compressed == chunk.length);
            byte[] bytes = out.toByteArray();
            int length = endsWithTail(bytes) ? bytes.length - TAIL.length : bytes.length;
            // RFC 7692 7.2.3.6: an empty message is the single byte 0x00
            return length == 0 ? new byte[] { 0x00 } : java.util.Arrays.copyOf(bytes, length);
        }
        finally {
            pooled.release();
        }
    }

    private static boolean endsWithTail(byte[] bytes) {
        if (bytes.length < TAIL.length) {
            return false;
        }
        for (int i = 0; i < TAIL.length; i++) {
            if (bytes[bytes.length - TAIL.length + i] != TAIL[i]) {
                return false;
            }
        }
        return true;
    }

    /** The outgoing queue: shared frames forwarded, the others deflated in fragments as Jetty does. */
    private final class Outgoing extends WebSocketFlusher {

        @Override
        protected boolean onFrame(OutgoingEntry entry, boolean first) {
            Frame frame = entry.getFrame();
            if (first && frame.isControlFrame()) {
                nextOutgoingFrame(entry);
                return true;
            }
            if (first && SharedDeflateExtension.this.sharedBytes && frame instanceof PreparedTextFrame prepared) {
                Frame deflated = new Frame(OpCode.TEXT, true,
                        prepared.prepared().deflated(SharedDeflateExtension.this::deflateWhole));
                deflated.setRsv1(true);
                SHARED_SENDS.increment();
                nextOutgoingFrame(new OutgoingEntry.Builder(entry).frame(deflated).build());
                return true;
            }
            if (first) {
                OWN_DEFLATES.increment();
                getDeflater().setInput(frame.getPayload());
            }
            boolean finished = deflate(entry, first);
            if (finished) {
                getDeflater().setInput(BufferUtil.EMPTY_BUFFER);
            }
            return finished;
        }

        // Jetty 12.1's OutgoingFlusher.deflate, step for step
        private boolean deflate(OutgoingEntry entry, boolean first) {
            long maxFrameSize = getConfiguration().getMaxFrameSize();
            int bufferSize = (maxFrameSize <= 0) ? SharedDeflateExtension.this.deflateBufferSize
                    : (int) Math.min(maxFrameSize, SharedDeflateExtension.this.deflateBufferSize);
            RetainableByteBuffer buffer = getByteBufferPool().acquire(bufferSize, false);
            ByteBuffer byteBuffer = buffer.getByteBuffer();
            Callback callback = Callback.from(entry.getCallback(), buffer::release);
            boolean finished = false;
            Deflater deflater = getDeflater();
            while (true) {
                int compressed = deflater.deflate(byteBuffer.array(), byteBuffer.arrayOffset() + byteBuffer.position(),
                        bufferSize - byteBuffer.position(), Deflater.SYNC_FLUSH);
                byteBuffer.limit(byteBuffer.limit() + compressed);
                if (byteBuffer.limit() == bufferSize) {
                    if (!getConfiguration().isAutoFragment()) {
                        buffer.release();
                        throw new MessageTooLargeException("Deflated payload exceeded the compress buffer size");
                    }
                    break;
                }
                if (compressed == 0) {
                    finished = true;
                    break;
                }
            }
            Frame frame = entry.getFrame();
            ByteBuffer payload = byteBuffer;
            if (payload.hasRemaining()) {
                if (finished && frame.isFin() && PerMessageDeflateExtension.endsWithTail(payload)) {
                    payload.limit(payload.limit() - TAIL.length);
                }
            }
            else if (frame.isFin()) {
                payload = ByteBuffer.wrap(new byte[] { 0x00 });
            }
            Frame chunk = new Frame(first ? frame.getOpCode() : OpCode.CONTINUATION);
            chunk.setRsv1(first && frame.getOpCode() != OpCode.CONTINUATION);
            chunk.setPayload(payload);
            chunk.setFin(frame.isFin() && finished);
            nextOutgoingFrame(new OutgoingEntry.Builder(entry).frame(chunk).callback(callback).build());
            return finished;
        }
    }
}
