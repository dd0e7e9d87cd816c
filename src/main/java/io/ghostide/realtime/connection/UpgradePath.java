package io.ghostide.realtime.connection;

import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The way into a WebSocket endpoint, the same for both transports: the checks an upgrade passes
 * (its client's upgrade rate, then the server's cap and drain, then the endpoint's own), the
 * handshake that names the connection, the origins allowed, and the management every
 * connection's handler is wrapped in.
 */
@Component
public class UpgradePath {

    private final ConnectionHandshakeHandler handshakeHandler;

    private final UpgradeRateLimitInterceptor upgradeRateLimit;

    private final ServerCapacityInterceptor capacity;

    private final ManagedConnections connections;

    private final String[] allowedOriginPatterns;

    UpgradePath(ConnectionHandshakeHandler handshakeHandler, UpgradeRateLimitInterceptor upgradeRateLimit,
            ServerCapacityInterceptor capacity, ManagedConnections connections, ConnectionProperties properties,
            WebSocketProperties webSocket) {
        this.handshakeHandler = handshakeHandler;
        this.upgradeRateLimit = upgradeRateLimit;
        this.capacity = capacity;
        this.connections = connections;
        this.allowedOriginPatterns = properties.allowedOrigins(webSocket).toArray(String[]::new);
    }

    public HandshakeHandler handshakeHandler() {
        return this.handshakeHandler;
    }

    /** The checks of every upgrade, in order, then those of one endpoint. */
    public HandshakeInterceptor[] interceptors(HandshakeInterceptor... endpoint) {
        return Stream.concat(Stream.of(this.upgradeRateLimit, this.capacity), Stream.of(endpoint))
                .toArray(HandshakeInterceptor[]::new);
    }

    /** Origins allowed besides the server's own ({@code ghostide.websocket.allowed-origins}). */
    public String[] allowedOriginPatterns() {
        return this.allowedOriginPatterns.clone();
    }

    /** Wraps the handler of one transport in the management of its connections. */
    public WebSocketHandler decorate(WebSocketHandler handler, Transport transport) {
        return this.connections.decorate(handler, transport);
    }

    /** The same wrapping, in the form STOMP's transport registration takes. */
    public WebSocketHandlerDecoratorFactory decoratorFactory(Transport transport) {
        return this.connections.decoratorFactory(transport);
    }
}
