package io.ghostide.realtime.security;

import java.security.Principal;
import java.time.Clock;

import io.ghostide.realtime.connection.ConnectionPrincipal;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.stomp.StompErrors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * The first interceptor on the inbound channel. On CONNECT it settles who the connection is: in
 * {@code jwt} mode the token of an {@code Authorization: Bearer} header (else the one of the
 * upgrade), in {@code none} mode the {@code name} header; then it hands the principal in effect
 * to {@link ConnectionTokens}. Every later frame goes through the
 * {@code AuthorizationManager<Message<?>>}, with the caller of that principal as it is then (a
 * refreshed token's, once one came). A refusal is an ERROR frame, which closes that connection;
 * the token never goes further than this class.
 */
@Component
class StompAccessInterceptor implements ChannelInterceptor {

    private static final Log logger = LogFactory.getLog(StompAccessInterceptor.class);

    private static final String AUTHORIZATION = "Authorization";

    private static final String BEARER = "Bearer ";

    private static final String NAME = "name";

    private final SecurityProperties properties;

    private final ObjectProvider<JwtDecoder> jwtDecoder;

    private final AuthorizationManager<Message<?>> authorization;

    private final ConnectionTokens tokens;

    private final Clock clock;

    private final MessageChannel clientOutboundChannel;

    StompAccessInterceptor(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
            AuthorizationManager<Message<?>> authorization, ConnectionTokens tokens, Clock clock,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.properties = properties;
        this.jwtDecoder = jwtDecoder;
        this.authorization = authorization;
        this.tokens = tokens;
        this.clock = clock;
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
            return message;
        }
        Caller caller = CallerHolder.callerOf(SimpMessageHeaderAccessor.getUser(message.getHeaders()));
        if (caller.expired(this.clock.instant())) {
            return refuse(connectionId, "The token has expired: reconnect with a fresh one");
        }
        AuthorizationResult result = this.authorization.authorize(() -> authentication(caller), message);
        if (result == null || !result.isGranted()) {
            return refuse(connectionId, denial(type, caller, SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
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

    static Caller callerOf(@Nullable Authentication authentication) {
        return authentication instanceof CallerHolder holder ? holder.caller() : Caller.NOBODY;
    }

    private static @Nullable Authentication authentication(Caller caller) {
        return caller == Caller.NOBODY ? null : new CallerAuthentication(caller);
    }

    private @Nullable Message<?> refuse(String connectionId, String reason) {
        if (logger.isDebugEnabled()) {
            logger.debug("Refused a frame of connection " + connectionId + ": " + reason);
        }
        this.clientOutboundChannel.send(StompErrors.errorFrame(connectionId, reason));
        return null;
    }
}
