package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.resume.SubscriptionResume;
import io.ghostide.realtime.sessionlog.InvalidResumePointException;
import io.ghostide.realtime.system.SessionIds;
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
 * Refuses a client frame no handler could act on, before anything acts on it: a client may
 * subscribe only to a session topic or to its own replies (never to another connection's
 * resolved reply queue), without a {@code selector} and with a well-formed resume point and
 * {@code state}, and SEND only commands to a session. A refused frame is dropped and answered with
 * a STOMP ERROR, which closes that connection only.
 */
@Component
class ClientFrameInterceptor implements ChannelInterceptor {

    private static final String SELECTOR_HEADER = "selector";

    private final MessageChannel clientOutboundChannel;

    ClientFrameInterceptor(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
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
                    return message;
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

    private @Nullable Message<?> refuse(String connectionId, String reason) {
        return StompErrors.refuse(this.clientOutboundChannel, connectionId, reason);
    }
}
