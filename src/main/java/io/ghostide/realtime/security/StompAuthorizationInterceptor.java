package io.ghostide.realtime.security;

import java.time.Clock;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.stomp.StompErrors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Lets a client's frame through only when the {@code AuthorizationManager<Message<?>>} grants it
 * to the connection's caller as that caller is now (a refreshed token's, once one came) and its
 * token has not expired. It runs right after {@link StompAuthenticationInterceptor}, before every
 * other interceptor, so a refused frame is never counted or handled; a refusal is an ERROR frame,
 * which closes that connection.
 */
@Component
class StompAuthorizationInterceptor implements ChannelInterceptor {

    private final AuthorizationManager<Message<?>> authorization;

    private final Clock clock;

    private final MessageChannel clientOutboundChannel;

    StompAuthorizationInterceptor(AuthorizationManager<Message<?>> authorization, Clock clock,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.authorization = authorization;
        this.clock = clock;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (type == null || connectionId == null || type == SimpMessageType.CONNECT
                || type == SimpMessageType.DISCONNECT) {
            // a CONNECT is authenticated, not authorised; a DISCONNECT is always let go
            return message;
        }
        Caller caller = CallerHolder.callerOf(SimpMessageHeaderAccessor.getUser(message.getHeaders()));
        if (caller.expired(this.clock.instant())) {
            return StompErrors.refuse(this.clientOutboundChannel, connectionId,
                    "The token has expired: reconnect with a fresh one");
        }
        AuthorizationResult result = this.authorization.authorize(() -> authentication(caller), message);
        if (result == null || !result.isGranted()) {
            return StompErrors.refuse(this.clientOutboundChannel, connectionId,
                    denial(type, caller, SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
        }
        return message;
    }

    private static String denial(SimpMessageType type, Caller caller, @Nullable String destination) {
        if (caller == Caller.NOBODY) {
            return "Not authenticated: CONNECT with a token first";
        }
        String sessionId = Destinations.sessionOfTopic(destination);
        if (type == SimpMessageType.SUBSCRIBE && sessionId != null) {
            return "Forbidden: this connection's token does not cover session " + sessionId;
        }
        return switch (type) {
            case SUBSCRIBE -> "Cannot subscribe to '" + destination + "': subscribe to "
                    + Destinations.SESSION_TOPIC_PREFIX + "{session_id} or " + Destinations.USER_REPLIES;
            case MESSAGE -> "Cannot send to '" + destination + "': send commands to "
                    + Destinations.SESSION_COMMAND_PREFIX + "{session_id}";
            default -> "Cannot handle a " + type + " frame";
        };
    }

    static Caller callerOf(@Nullable Authentication authentication) {
        return authentication instanceof CallerHolder holder ? holder.caller() : Caller.NOBODY;
    }

    private static @Nullable Authentication authentication(Caller caller) {
        return caller == Caller.NOBODY ? null : new CallerAuthentication(caller);
    }
}
