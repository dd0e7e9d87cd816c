package io.ghostide.realtime.connection;

import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.ghostide.realtime.identity.CallerHolder;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Gives every connection, of either transport, its own {@link ConnectionPrincipal} with the
 * caller of its upgrade, and upgrades it with the extensions {@code ghostide.websocket.compression} allows.
 */
@Component
public class ConnectionHandshakeHandler extends DefaultHandshakeHandler {

    // random per server instance, so names stay unique when instances share a broker; a counter
    // after it, since UUID.randomUUID() takes a lock on the shared SecureRandom at every handshake
    private final String instance = UUID.randomUUID().toString().substring(0, 8);

    private final AtomicLong connections = new AtomicLong();

    ConnectionHandshakeHandler(WebSocketProperties properties) {
        super(new CompressionUpgradeStrategy(properties.compression()));
    }

    @Override
    protected Principal determineUser(ServerHttpRequest request, WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        // the security filter chain authenticated the upgrade request; anything else reaches nothing
        return new ConnectionPrincipal(this.instance + "-" + Long.toString(this.connections.incrementAndGet(), 36),
                CallerHolder.callerOf(request.getPrincipal()));
    }
}
