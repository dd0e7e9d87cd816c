package io.ghostide.realtime.security;

import java.security.Principal;

import io.ghostide.realtime.connection.ConnectionPrincipal;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.stomp.StompErrors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Settles who a STOMP connection is, on its CONNECT: in {@code jwt} mode the token of an
 * {@code Authorization: Bearer} header (else the one of the upgrade), in {@code none} mode the
 * {@code name} header; and hands the principal in effect to {@link ConnectionTokens}, which
 * follows its token until the connection's DISCONNECT. The first interceptor on the inbound
 * channel, before {@link StompAuthorizationInterceptor}. A refusal is an ERROR frame, which closes
 * that connection; the token never goes further than this class.
 */
@Component
class StompAuthenticationInterceptor implements ChannelInterceptor {

    private static final String AUTHORIZATION = "Authorization";

    private static final String BEARER = "Bearer ";

    private static final String NAME = "name";

    private final SecurityProperties properties;

    private final ObjectProvider<JwtDecoder> jwtDecoder;

    private final ConnectionTokens tokens;

    private final MessageChannel clientOutboundChannel;

    StompAuthenticationInterceptor(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
            ConnectionTokens tokens, @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.properties = properties;
        this.jwtDecoder = jwtDecoder;
        this.tokens = tokens;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (type == null || connectionId == null) {
            return message;
        }
        if (type == SimpMessageType.CONNECT) {
            return connect(message, connectionId);
        }
        if (type == SimpMessageType.DISCONNECT) {
            this.tokens.forget(connectionId);
        }
        return message;
    }

    @Override
    public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (sent && ex == null && connectionId != null
                && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE
                && Destinations.USER_REPLIES.equals(SimpMessageHeaderAccessor.getDestination(message.getHeaders()))) {
            // the broker has the replies subscription now (the inbound channel runs on this thread)
            this.tokens.repliesSubscribed(connectionId);
        }
    }

    private @Nullable Message<?> connect(Message<?> message, String connectionId) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
        if (accessor == null || !(user instanceof ConnectionPrincipal principal)) {
            return refuse(connectionId, "Not authenticated");
        }
        Caller caller = principal.caller();
        if (this.properties.mode() == SecurityProperties.Mode.JWT) {
            String header = firstHeader(accessor, AUTHORIZATION);
            // the token goes no further than here: not to the broker, not into a log
            accessor.removeNativeHeader(AUTHORIZATION);
            accessor.removeNativeHeader(AUTHORIZATION.toLowerCase(java.util.Locale.ROOT));
            if (header != null) {
                if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    return refuse(connectionId, "Invalid token: the Authorization header must be 'Bearer <token>'");
                }
                try {
                    caller = CallerClaims.callerOf(this.jwtDecoder.getObject().decode(header.substring(BEARER.length()).trim()));
                }
                catch (JwtException ex) {
                    return refuse(connectionId, "Invalid token: " + ex.getMessage());
                }
            }
            else if (caller == Caller.NOBODY) {
                return refuse(connectionId, "A token is required: send 'Authorization: Bearer <token>' on CONNECT,"
                        + " or ?access_token=<token> at the upgrade");
            }
        }
        else {
            String name = firstHeader(accessor, NAME);
            if (name != null) {
                if (!Caller.isValidName(name)) {
                    return refuse(connectionId, "Invalid name: it must be " + Caller.NAME_RULE);
                }
                caller = Caller.anonymous(name);
            }
        }
        ConnectionPrincipal inEffect = principal;
        if (caller != principal.caller()) {
            // Spring keeps the user set on CONNECT for the connection's later frames
            inEffect = new ConnectionPrincipal(principal.name(), caller);
            accessor.setUser(inEffect);
        }
        this.tokens.track(connectionId, inEffect);
        return message;
    }

    private static @Nullable String firstHeader(StompHeaderAccessor accessor, String name) {
        String value = accessor.getFirstNativeHeader(name);
        return value != null ? value : accessor.getFirstNativeHeader(name.toLowerCase(java.util.Locale.ROOT));
    }

    private @Nullable Message<?> refuse(String connectionId, String reason) {
        return StompErrors.refuse(this.clientOutboundChannel, connectionId, reason);
    }
}
