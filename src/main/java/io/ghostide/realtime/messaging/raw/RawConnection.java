package io.ghostide.realtime.messaging.raw;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageChannel;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One raw connection: its socket, its session, the ordered channel its frames go in by, and
 * the hold on outbound messages until {@code connect} has gone out first.
 */
final class RawConnection {

    private static final Log logger = LogFactory.getLog(RawConnection.class);

    final WebSocketSession socket;

    final String sessionId;

    /** The inbound channel, in this connection's order. */
    final MessageChannel inbound;

    /** Attributes of the STOMP session the adapter drives for this connection. */
    final Map<String, Object> stompAttributes = new ConcurrentHashMap<>();

    private volatile boolean ready;

    // messages that arrived before connect was sent; guarded by this, null once ready
    private @Nullable List<WebSocketMessage<?>> held = new ArrayList<>();

    RawConnection(WebSocketSession socket, String sessionId, MessageChannel inbound) {
        this.socket = socket;
        this.sessionId = sessionId;
        this.inbound = inbound;
    }

    String id() {
        return this.socket.getId();
    }

    /** Writes one envelope, or holds it until {@link #ready} when {@code connect} has not gone out yet. */
    void deliver(WebSocketMessage<?> envelope) {
        if (!this.ready) {
            synchronized (this) {
                if (!this.ready && this.held != null) {
                    this.held.add(envelope);
                    return;
                }
            }
        }
        write(envelope);
    }

    /** Sends {@code connect}, then whatever was held, and lets later messages through directly. */
    synchronized void ready(byte[] connectEnvelope) {
        write(new TextMessage(connectEnvelope));
        if (this.held != null) {
            this.held.forEach(this::write);
        }
        this.held = null;
        this.ready = true;
    }

    private void write(WebSocketMessage<?> envelope) {
        try {
            this.socket.sendMessage(envelope);
        }
        catch (IOException | RuntimeException ex) {
            // the socket is going away; its close is reported separately
            if (logger.isDebugEnabled()) {
                logger.debug("Could not write to raw connection " + id() + ": " + ex);
            }
        }
    }
}
