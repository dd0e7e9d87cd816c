package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.connection.ConnectionCaps;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.JoinResult;
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
 * subscription joins the connection registry, whose {@link ConnectionCaps} count and word every
 * cap on it. A refused
 * frame is dropped and answered with a STOMP ERROR, which closes that connection only.
 */
@Component
class ClientFrameInterceptor implements ChannelInterceptor {

    private static final String SELECTOR_HEADER = "selector";

    private static final Log logger = LogFactory.getLog(ClientFrameInterceptor.class);

    private final ConnectionRegistry registry;

    private final ConnectionCaps caps;

    private final MessageChannel clientOutboundChannel;

    ClientFrameInterceptor(ConnectionRegistry registry, ConnectionCaps caps,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.registry = registry;
        this.caps = caps;
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
                    return answer(this.registry.subscribeOther(connectionId, subscriptionId), connectionId, message,
                            destination);
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
                return answer(this.registry.join(connectionId, subscriptionId, sessionId,
                        SimpMessageHeaderAccessor.getUser(message.getHeaders())), connectionId, message, sessionId);
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

    private @Nullable Message<?> answer(JoinResult joined, String connectionId, Message<?> message, String sessionId) {
        return switch (joined) {
            case JOINED -> message;
            // the socket closed while the frame was on its way; nothing to subscribe
            case UNKNOWN_CONNECTION -> null;
            default -> refuse(connectionId, this.caps.refusal(joined, sessionId).message());
        };
    }

    private @Nullable Message<?> refuse(String connectionId, String reason) {
        if (logger.isDebugEnabled()) {
            logger.debug("Refused a frame of connection " + connectionId + ": " + reason);
        }
        this.clientOutboundChannel.send(StompErrors.errorFrame(connectionId, reason));
        return null;
    }
}
