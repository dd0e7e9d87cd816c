package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.resume.SubscriptionResume;
import io.ghostide.realtime.sessionlog.InvalidResumePointException;
import io.ghostide.realtime.system.SessionIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Checks every frame a client puts on the inbound channel before anything acts on it. A
 * client may subscribe only to a session topic or to its own replies (never to another
 * connection's resolved reply queue), and SEND only commands to a session; a session topic
 * subscription joins the connection registry, which enforces the per-session cap. A refused
 * frame is dropped and answered with a STOMP ERROR, which closes that connection only.
 */
@Component
class ClientFrameInterceptor implements ChannelInterceptor {

    private static final String SELECTOR_HEADER = "selector";

    private static final Log logger = LogFactory.getLog(ClientFrameInterceptor.class);

    private final ConnectionRegistry registry;

    private final ConnectionProperties properties;

    private final MessageChannel clientOutboundChannel;

    ClientFrameInterceptor(ConnectionRegistry registry, ConnectionProperties properties,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.registry = registry;
        this.properties = properties;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (type == null || connectionId == null) {
            return message;
        }
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
        switch (type) {
            case SUBSCRIBE -> {
                if (NativeMessageHeaderAccessor.getFirstNativeHeader(SELECTOR_HEADER, message.getHeaders()) != null) {
                    // the broker matches exact destinations only (ExactSubscriptionRegistry), never selectors
                    return refuse(connectionId, "Cannot subscribe with a '" + SELECTOR_HEADER
                            + "' header: subscribe to the whole session topic and filter by message type");
                }
                if (Destinations.USER_REPLIES.equals(destination) && subscriptionId != null) {
                    return switch (this.registry.subscribeOther(connectionId, subscriptionId)) {
                        case JOINED -> message;
                        case UNKNOWN_CONNECTION -> null;
                        default -> refuse(connectionId, tooManySubscriptions());
                    };
                }
                String sessionId = Destinations.sessionOfTopic(destination);
                if (sessionId == null || subscriptionId == null) {
                    return refuse(connectionId, "Cannot subscribe to '" + destination + "': subscribe to "
                            + Destinations.SESSION_TOPIC_PREFIX + "{session_id}, the id matching " + SessionIds.PATTERN
                            + ", or to " + Destinations.USER_REPLIES);
                }
                try {
                    SubscriptionResume.resumePointOf(StompHeaderAccessor.wrap(message));
                }
                catch (InvalidResumePointException ex) {
                    return refuse(connectionId, "Cannot resume " + destination + ": " + ex.getMessage());
                }
                try {
                    SubscriptionResume.stateAskedBy(StompHeaderAccessor.wrap(message));
                }
                catch (IllegalArgumentException ex) {
                    return refuse(connectionId, "Cannot subscribe to " + destination + ": " + ex.getMessage());
                }
                return switch (this.registry.join(connectionId, subscriptionId, sessionId,
                        SimpMessageHeaderAccessor.getUser(message.getHeaders()))) {
                    case JOINED -> message;
                    case SESSION_FULL -> refuse(connectionId, "Too many connections for session " + sessionId
                            + " (at most " + this.properties.maxPerSession() + ")");
                    case USER_SHARE_FULL -> refuse(connectionId, this.properties.userShareRefusal(sessionId));
                    case TOO_MANY_SESSIONS -> refuse(connectionId, "Too many sessions on one connection: at most "
                            + this.properties.maxSessionsPerConnection()
                            + " (ghostide.connection.max-sessions-per-connection); unsubscribe from one first");
                    case TOO_MANY_SUBSCRIPTIONS -> refuse(connectionId, tooManySubscriptions());
                    case SHARED_STATE_UNAVAILABLE -> refuse(connectionId, this.properties.userShareUnavailable(sessionId));
                    // the socket closed while the frame was on its way; nothing to subscribe
                    case UNKNOWN_CONNECTION -> null;
                };
            }
            case UNSUBSCRIBE -> {
                if (subscriptionId != null) {
                    this.registry.leave(connectionId, subscriptionId);
                }
                return message;
            }
            case MESSAGE -> {
                if (Destinations.sessionOfCommands(destination) == null) {
                    return refuse(connectionId, "Cannot send to '" + destination + "': send commands to "
                            + Destinations.SESSION_COMMAND_PREFIX + "{session_id}, the id matching " + SessionIds.PATTERN);
                }
                return message;
            }
            default -> {
                return message;
            }
        }
    }

    private String tooManySubscriptions() {
        return "Too many subscriptions on one connection: at most " + this.properties.maxSubscriptionsPerConnection()
                + " (ghostide.connection.max-subscriptions-per-connection)";
    }

    private @Nullable Message<?> refuse(String connectionId, String reason) {
        if (logger.isDebugEnabled()) {
            logger.debug("Refused a frame of connection " + connectionId + ": " + reason);
        }
        this.clientOutboundChannel.send(StompErrors.errorFrame(connectionId, reason));
        return null;
    }
}
