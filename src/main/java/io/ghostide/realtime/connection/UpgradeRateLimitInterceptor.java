package io.ghostide.realtime.connection;

import java.util.Map;

import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.limits.ClientKeys;
import io.ghostide.realtime.limits.RateLimiter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a WebSocket upgrade, on either path, with 429 and {@code Retry-After} when its client
 * ({@link ClientKeys}: the token's user, else its address) is past its upgrade rate
 * ({@code ghostide.rate-limit.upgrades-*}). It runs first, so a refused upgrade costs no count,
 * no session and no socket: a loop opening and closing sockets on new session ids is held to
 * the rate.
 */
@Component
public class UpgradeRateLimitInterceptor implements HandshakeInterceptor {

    private final RateLimiter limiter;

    UpgradeRateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        String client = ClientKeys.of(CallerHolder.callerOf(request.getPrincipal()).verifiedUser(), request.getRemoteAddress());
        RateLimiter.Decision decision = this.limiter.forUpgrade(client);
        if (decision.allowed()) {
            return true;
        }
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString((decision.retryAfterMillis() + 999) / 1000));
        ServerCapacityInterceptor.refuse(response, HttpStatus.TOO_MANY_REQUESTS, "Too many connection attempts from this "
                + "client; retry in " + decision.retryAfterMillis() + " ms (ghostide.rate-limit.upgrades-per-second)");
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }
}
