package io.ghostide.realtime.messaging.raw;

import java.util.Map;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.ServerCapacityInterceptor;
import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Reads the session id from {@code /ws/{sessionId}} before the upgrade: a malformed id is
 * refused with 400 and a full session with 429, before any socket opens.
 */
class RawHandshakeInterceptor implements HandshakeInterceptor {

    static final String SESSION_ID_ATTRIBUTE = RawHandshakeInterceptor.class.getName() + ".sessionId";

    private static final String PATH_PREFIX = "/ws/";

    private final ConnectionRegistry registry;

    RawHandshakeInterceptor(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        String path = request.getURI().getRawPath();
        int start = path.lastIndexOf(PATH_PREFIX);
        String sessionId = start < 0 ? null : path.substring(start + PATH_PREFIX.length());
        if (!SessionIds.isValid(sessionId)) {
            ServerCapacityInterceptor.refuse(response, HttpStatus.BAD_REQUEST,
                    "Invalid session id: it must match " + SessionIds.PATTERN);
            return false;
        }
        if (!this.registry.hasRoomInSession(sessionId)) {
            ServerCapacityInterceptor.refuse(response, HttpStatus.TOO_MANY_REQUESTS,
                    CloseReason.SESSION_FULL.status().getReason());
            return false;
        }
        attributes.put(SESSION_ID_ATTRIBUTE, sessionId);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }
}
