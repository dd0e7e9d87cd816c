package io.ghostide.realtime.messaging.raw;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.Refusal;
import io.ghostide.realtime.connection.ServerCapacityInterceptor;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.limits.ClientKeys;
import io.ghostide.realtime.messaging.StateRequests;
import io.ghostide.realtime.sessionlog.InvalidResumePointException;
import io.ghostide.realtime.sessionlog.ResumePoint;
import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Admits an upgrade of {@code /ws/{sessionId}} before any socket opens, keeping what it read for
 * the handler: the session id, the resume point ({@code since}, {@code epoch}) and the request for
 * {@code session_state} ({@code state}). A malformed one is refused with 400; a full session, or a
 * client past its share of it, as {@link io.ghostide.realtime.connection.ConnectionCaps} words it.
 */
class RawHandshakeInterceptor implements HandshakeInterceptor {

    static final String SESSION_ID_ATTRIBUTE = RawHandshakeInterceptor.class.getName() + ".sessionId";

    static final String SINCE_ATTRIBUTE = RawHandshakeInterceptor.class.getName() + ".since";

    static final String EPOCH_ATTRIBUTE = RawHandshakeInterceptor.class.getName() + ".epoch";

    static final String STATE_ATTRIBUTE = RawHandshakeInterceptor.class.getName() + ".state";

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
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        String since = parameter(query, "since");
        String epoch = parameter(query, "epoch");
        try {
            ResumePoint.parse(since, epoch);
        }
        catch (InvalidResumePointException ex) {
            ServerCapacityInterceptor.refuse(response, HttpStatus.BAD_REQUEST, "Cannot resume: " + ex.getMessage());
            return false;
        }
        boolean state;
        try {
            state = StateRequests.parse(parameter(query, StateRequests.NAME));
        }
        catch (IllegalArgumentException ex) {
            ServerCapacityInterceptor.refuse(response, HttpStatus.BAD_REQUEST, "Cannot connect: " + ex.getMessage());
            return false;
        }
        String client = ClientKeys.of(CallerHolder.callerOf(request.getPrincipal()).verifiedUser(), request.getRemoteAddress());
        Refusal refusal = this.registry.refusalBeforeJoin(sessionId, client);
        if (refusal != null) {
            ServerCapacityInterceptor.refuse(response, HttpStatus.valueOf(refusal.code()), refusal.message());
            return false;
        }
        attributes.put(SESSION_ID_ATTRIBUTE, sessionId);
        if (since != null) {
            attributes.put(SINCE_ATTRIBUTE, since);
        }
        if (epoch != null) {
            attributes.put(EPOCH_ATTRIBUTE, epoch);
        }
        if (state) {
            attributes.put(STATE_ATTRIBUTE, Boolean.TRUE);
        }
        return true;
    }

    private static @Nullable String parameter(MultiValueMap<String, String> query, String name) {
        if (!query.containsKey(name)) {
            return null;
        }
        String value = query.getFirst(name);
        // a parameter without a value ("?since") is as malformed as an empty one
        return value == null ? "" : UriUtils.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }
}
