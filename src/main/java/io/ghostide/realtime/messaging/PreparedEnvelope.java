package io.ghostide.realtime.messaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import io.ghostide.realtime.connection.PreparedFrame;
import org.jspecify.annotations.Nullable;

/**
 * One published envelope as every subscriber of its session receives it, made once per publish:
 * the raw frame over its JSON bytes, and a STOMP {@code MESSAGE} frame per distinct subscription
 * id (stomp.js numbers its subscriptions {@code sub-0}, {@code sub-1}, ..., so most subscribers
 * share a handful), each made on first use. The {@code message-id} is drawn once per message, not
 * once per delivery, so every subscriber with the same subscription id gets the same bytes.
 */
public final class PreparedEnvelope {

    // one counter for all sessions, drawn once per message that has a STOMP subscriber
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();

    private final String destination;

    private final long seq;

    private final byte[] json;

    private final PreparedFrame raw;

    // made on first use, once: frames for the same subscription id must be the same bytes
    private volatile @Nullable String messageId;

    // the STOMP frames made so far, replaced whole when one is added: the broker delivers a
    // publish on one thread, and a subscription's gate may later deliver it on another
    private volatile StompFrame[] stomp = new StompFrame[0];

    PreparedEnvelope(String destination, long seq, byte[] json) {
        this.destination = destination;
        this.seq = seq;
        this.json = json;
        this.raw = new PreparedFrame(json);
    }

    /** The envelope's {@code seq} in its session. */
    public long seq() {
        return this.seq;
    }

    /** The envelope's JSON as a raw connection receives it. */
    public PreparedFrame rawFrame() {
        return this.raw;
    }

    /** The {@code MESSAGE} frame for a STOMP subscription with this id. */
    public PreparedFrame stompFrame(String subscriptionId) {
        StompFrame[] made = this.stomp;
        for (StompFrame frame : made) {
            if (frame.subscriptionId().equals(subscriptionId)) {
                return frame.frame();
            }
        }
        PreparedFrame frame = new PreparedFrame(encode(subscriptionId));
        StompFrame[] next = Arrays.copyOf(made, made.length + 1);
        next[made.length] = new StompFrame(subscriptionId, frame);
        this.stomp = next;
        return frame;
    }

    // as Spring's StompEncoder writes a broker's MESSAGE: the same headers in the same order
    private byte[] encode(String subscriptionId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(this.json.length + 160);
        header(out, "MESSAGE\ndestination:", this.destination);
        header(out, "\ncontent-type:", "application/json");
        header(out, "\nsubscription:", subscriptionId);
        header(out, "\nmessage-id:", messageId());
        header(out, "\ncontent-length:", Integer.toString(this.json.length));
        out.write('\n');
        out.write('\n');
        out.writeBytes(this.json);
        out.write(0);
        return out.toByteArray();
    }

    private String messageId() {
        String id = this.messageId;
        if (id == null) {
            synchronized (this) {
                id = this.messageId;
                if (id == null) {
                    id = "m-" + MESSAGE_IDS.getAndIncrement();
                    this.messageId = id;
                }
            }
        }
        return id;
    }

    // a header value escaped as STOMP 1.2 asks of every frame but CONNECT and CONNECTED
    private static void header(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape = switch (c) {
                case '\\' -> "\\\\";
                case ':' -> "\\c";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                escaped.append(escape != null ? escape : String.valueOf(c));
            }
        }
        out.writeBytes((escaped != null ? escaped.toString() : value).getBytes(StandardCharsets.UTF_8));
    }

    /** A subscription id and the frame made for it. */
    private record StompFrame(String subscriptionId, PreparedFrame frame) {
    }
}
