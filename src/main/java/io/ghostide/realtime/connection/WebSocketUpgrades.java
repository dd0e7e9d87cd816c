package io.ghostide.realtime.connection;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The one rule for whether a request asks for a WebSocket upgrade, the same as the one Spring's
 * {@code WebSocketHandlerMapping} matches upgrades by: a {@code GET} whose {@code Upgrade} header
 * is {@code websocket} in any case. The access checks and the handler mappings both use it, so
 * no spelling of the header reaches a handler that a check took for another.
 */
public final class WebSocketUpgrades {

    private WebSocketUpgrades() {
    }

    /** Whether {@code request} asks for a WebSocket upgrade. */
    public static boolean requested(HttpServletRequest request) {
        return HttpMethod.GET.matches(request.getMethod())
                && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    }
}
