package io.ghostide.realtime.connection;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses an upgrade with 503 when the server already holds its maximum of connections, or is
 * shutting down; the registry and {@link ManagedConnections} check again once the connection is
 * open.
 */
@Component
public class ServerCapacityInterceptor implements HandshakeInterceptor {

    private final ConnectionRegistry registry;

    private final ManagedConnections connections;

    ServerCapacityInterceptor(ConnectionRegistry registry, ManagedConnections connections) {
        this.registry = registry;
        this.connections = connections;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        if (!this.connections.acceptsConnections()) {
            refuse(response, HttpStatus.SERVICE_UNAVAILABLE, CloseReason.SHUTDOWN.status().getReason());
            return false;
        }
        if (this.registry.hasRoomForConnection()) {
            return true;
        }
        refuse(response, HttpStatus.SERVICE_UNAVAILABLE, CloseReason.SERVER_FULL.status().getReason());
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }

    /** Answers a refused upgrade with a status and a one-line plain-text reason. */
    public static void refuse(ServerHttpResponse response, HttpStatus status, @Nullable String reason) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        try {
            response.getBody().write((reason != null ? reason : status.getReasonPhrase()).getBytes(StandardCharsets.UTF_8));
        }
        catch (java.io.IOException ex) {
            // the client hung up before reading why; nothing to do
        }
    }
}
