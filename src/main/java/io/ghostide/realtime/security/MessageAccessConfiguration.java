package io.ghostide.realtime.security;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.system.SessionIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.messaging.access.intercept.MessageAuthorizationContext;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * What each inbound frame may do, for both transports (raw connections are driven as STOMP
 * sessions): subscribing to a session needs a caller whose {@code sessions} cover it, the
 * reply queue and commands need a known caller (the dispatcher checks each command against the
 * role and answers 403 itself), and any other frame is denied. Its interceptors run before
 * every other one on the inbound channel, so a refused frame is never counted or handled.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MessageAccessConfiguration implements WebSocketMessageBrokerConfigurer {

    private final StompAuthenticationInterceptor authentication;

    private final StompAuthorizationInterceptor authorization;

    MessageAccessConfiguration(StompAuthenticationInterceptor authentication,
            StompAuthorizationInterceptor authorization) {
        this.authentication = authentication;
        this.authorization = authorization;
    }

    @Bean
    static AuthorizationManager<Message<?>> messageAuthorizationManager() {
        return MessageMatcherDelegatingAuthorizationManager.builder()
                .simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE,
                        SimpMessageType.DISCONNECT).permitAll()
                .simpSubscribeDestMatchers(Destinations.USER_REPLIES).access(known())
                .simpSubscribeDestMatchers(Destinations.SESSION_TOPIC_PREFIX + "{sessionId}")
                        .access(inSession(Permission.READ_SESSION))
                .simpMessageDestMatchers(Destinations.SESSION_COMMAND_PREFIX + "{sessionId}").access(known())
                .anyMessage().denyAll()
                .build();
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(this.authentication, this.authorization);
    }

    private static AuthorizationManager<MessageAuthorizationContext<?>> known() {
        return (authentication, context) -> new AuthorizationDecision(
                StompAuthorizationInterceptor.callerOf(authentication.get()) != Caller.NOBODY);
    }

    private static AuthorizationManager<MessageAuthorizationContext<?>> inSession(Permission permission) {
        return (authentication, context) -> {
            String sessionId = context.getVariables().get("sessionId");
            Caller caller = StompAuthorizationInterceptor.callerOf(authentication.get());
            // a malformed id is refused by the frame guard with its own message
            return new AuthorizationDecision(caller != Caller.NOBODY
                    && (!SessionIds.isValid(sessionId) || caller.may(permission, sessionId)));
        };
    }
}
