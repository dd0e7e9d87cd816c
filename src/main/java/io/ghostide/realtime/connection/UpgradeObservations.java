package io.ghostide.realtime.connection;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Keeps WebSocket upgrades out of the observations of HTTP requests: the server's
 * ({@code http.server.requests}) and Spring Security's filter chains ({@code spring.security.*}).
 * An upgraded request never completes as an HTTP exchange, so its observations were never
 * stopped and stayed reachable from the connection as long as it was open: three observations,
 * their contexts and key values for every idle connection. Connections are counted and timed by
 * {@code ghostide.connections.*} instead.
 */
@Configuration(proxyBeanMethods = false)
class UpgradeObservations {

    @Bean
    static ObservationPredicate upgradesOutOfRequestObservations() {
        return (name, context) -> {
            if (context instanceof ServerRequestObservationContext request) {
                return !WebSocketUpgrades.requested(request.getCarrier());
            }
            // the security filter chain runs inside Spring's request context filter, which holds the request
            return !name.startsWith("spring.security.") || !upgrade(currentRequest());
        };
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    private static boolean upgrade(@Nullable HttpServletRequest request) {
        return request != null && WebSocketUpgrades.requested(request);
    }
}
