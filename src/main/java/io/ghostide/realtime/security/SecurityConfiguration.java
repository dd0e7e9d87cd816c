package io.ghostide.realtime.security;

import java.util.List;
import java.util.function.Function;

import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.WebSocketProperties;
import io.ghostide.realtime.connection.WebSocketUpgrades;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.system.SessionIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of identity and access: one filter chain for REST calls and WebSocket upgrades.
 * In {@code jwt} mode every request needs a valid token except the sample page's files and
 * health, and each path's permission and session come from the {@link Caller} the token names;
 * anything not listed is denied. In {@code none} mode every request is an anonymous caller that
 * may do everything (on loopback only, unless allowed: {@link RemoteAnonymousGuard}). In both,
 * CORS answers only the allowed origins; before the chain, {@link FirewallConfiguration}'s
 * firewall refuses a Host the server does not answer to.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final String SESSION_ID = "sessionId";

    private static final String[] PAGE = { "/", "/index.html", "/style.css", "/js/**", "/vendor/**", "/favicon.ico",
            "/error" };

    private final SecurityProperties properties;

    private final ProblemResponses problems;

    SecurityConfiguration(SecurityProperties properties, JsonMapper jsonMapper) {
        this.properties = properties;
        this.problems = new ProblemResponses(jsonMapper);
    }

    private static CorsConfigurationSource cors(ConnectionProperties connections, WebSocketProperties webSocket) {
        CorsConfiguration config = new CorsConfiguration();
        // empty: a cross-origin request or preflight is refused with 403; same-origin ones pass
        config.setAllowedOriginPatterns(connections.allowedOrigins(webSocket));
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        config.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ConnectionProperties connections,
            WebSocketProperties webSocket, ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(c -> c.configurationSource(cors(connections, webSocket)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(this.problems.unauthenticated())
                        .accessDeniedHandler(this.problems.forbidden()));
        if (this.properties.mode() == SecurityProperties.Mode.NONE) {
            return http.anonymous(AbstractHttpConfigurer::disable)
                    .addFilterBefore(new AnonymousCallerFilter(this.problems), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .build();
        }
        JwtDecoder decoder = jwtDecoder.getObject();
        return http
                .oauth2ResourceServer(o -> o.bearerTokenResolver(bearerTokens())
                        .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(jwt ->
                                new CallerAuthentication(CallerClaims.callerOf(jwt))))
                        .authenticationEntryPoint(this.problems.unauthenticated())
                        .accessDeniedHandler(this.problems.forbidden()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, PAGE).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, DevTokenController.PATH).permitAll()
                        // the token comes at the upgrade or on CONNECT; the frames are checked one by one
                        .requestMatchers(HttpMethod.GET, "/stomp").permitAll()
                        .requestMatchers(notUpgrade("/ws/status")).access(may(Permission.ADMINISTER))
                        .requestMatchers(HttpMethod.GET, "/ws/sessions/{sessionId}/connections",
                                "/ws/sessions/{sessionId}/presence").access(inSession(Permission.READ_SESSION))
                        .requestMatchers(upgrade("/ws/{sessionId}")).access(inSession(Permission.READ_SESSION))
                        .requestMatchers(HttpMethod.GET, "/api/v1/sessions/{sessionId}/files",
                                "/api/v1/sessions/{sessionId}/files/{fileName}").access(inSession(Permission.READ_SESSION))
                        .requestMatchers(HttpMethod.PUT, "/api/v1/sessions/{sessionId}/files/{fileName}")
                                .access(inSession(Permission.WRITE_FILES))
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/sessions/{sessionId}/files/{fileName}")
                                .access(inSession(Permission.WRITE_FILES))
                        .requestMatchers(HttpMethod.POST, "/api/v1/ghost/chat/{sessionId}").access(inSession(Permission.CHAT))
                        // the session is in the body: the controller checks it
                        .requestMatchers(HttpMethod.POST, "/api/v1/execution/execute/websocket")
                                .access(may(Permission.RUN_CODE))
                        .requestMatchers(HttpMethod.GET, "/api/v1/languages").access(may(Permission.READ_SESSION))
                        // the run names its session: the controller checks it
                        .requestMatchers(HttpMethod.POST, "/api/v1/executions/{executionId}/stop")
                                .access(may(Permission.RUN_CODE))
                        .requestMatchers(HttpMethod.GET, "/api/v1/executions/{executionId}/transcript")
                                .access(may(Permission.READ_SESSION))
                        .requestMatchers(HttpMethod.GET, "/api/v1/sessions/{sessionId}/executions")
                                .access(inSession(Permission.READ_SESSION))
                        .requestMatchers("/actuator/**").access(may(Permission.ADMINISTER))
                        .anyRequest().denyAll())
                .build();
    }

    /** Header first; {@code ?access_token=} only on a WebSocket upgrade, where browsers cannot set headers. */
    private static BearerTokenResolver bearerTokens() {
        DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver upgrade = new DefaultBearerTokenResolver();
        upgrade.setAllowUriQueryParameter(true);
        return request -> (WebSocketUpgrades.requested(request) ? upgrade : headerOnly).resolve(request);
    }

    // Paths are matched as the handler mappings match them (decoded, by segment), and upgrades by the rule the
    // WebSocket mapping uses: GET /ws/status is the stats, an upgrade of it the raw endpoint of a session "status"

    private static RequestMatcher upgrade(String pattern) {
        return new UpgradeMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern), true);
    }

    private static RequestMatcher notUpgrade(String pattern) {
        return new UpgradeMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern), false);
    }

    /** A path matcher that also asks whether the request is a WebSocket upgrade, keeping its path variables. */
    private record UpgradeMatcher(RequestMatcher path, boolean upgrade) implements RequestMatcher {

        @Override
        public boolean matches(HttpServletRequest request) {
            return WebSocketUpgrades.requested(request) == this.upgrade && this.path.matches(request);
        }

        @Override
        public MatchResult matcher(HttpServletRequest request) {
            return WebSocketUpgrades.requested(request) == this.upgrade ? this.path.matcher(request) : MatchResult.notMatch();
        }
    }

    private static AuthorizationManager<RequestAuthorizationContext> may(Permission permission) {
        return decide(caller -> caller.may(permission));
    }

    private static AuthorizationManager<RequestAuthorizationContext> inSession(Permission permission) {
        return (authentication, context) -> {
            String sessionId = context.getVariables().get(SESSION_ID);
            Caller caller = callerOf(authentication.get());
            // a malformed id is the endpoint's to refuse with 400, once the caller is known
            return new AuthorizationDecision(caller != Caller.NOBODY
                    && (!SessionIds.isValid(sessionId) || caller.may(permission, sessionId)));
        };
    }

    private static AuthorizationManager<RequestAuthorizationContext> decide(Function<Caller, Boolean> rule) {
        return (authentication, context) -> {
            Caller caller = callerOf(authentication.get());
            return new AuthorizationDecision(caller != Caller.NOBODY && rule.apply(caller));
        };
    }

    private static Caller callerOf(Authentication authentication) {
        return authentication instanceof CallerHolder holder ? holder.caller() : Caller.NOBODY;
    }
}
