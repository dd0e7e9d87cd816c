package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.connection.ConnectionCaps;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.JoinResult;
import io.ghostide.realtime.messaging.Destinations;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Makes a client's subscriptions count in the {@link ConnectionRegistry}: a SUBSCRIBE to a session
 * topic joins the connection to the session (one to its replies is recorded), refused in the words
 * of {@link ConnectionCaps} when it would break a cap; an UNSUBSCRIBE leaves. It acts on frames
 * {@link ClientFrameInterceptor} let through, and a refusal is a STOMP ERROR, which closes that
 * connection only.
 */
@Component
class SessionMembershipInterceptor implements ChannelInterceptor {

    private final ConnectionRegistry registry;

    private final ConnectionCaps caps;

    private final MessageChannel clientOutboundChannel;

    SessionMembershipInterceptor(ConnectionRegistry registry, ConnectionCaps caps,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.registry = registry;
        this.caps = caps;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
        if (connectionId == null || subscriptionId == null) {
            return message;
        }
        if (type == SimpMessageType.UNSUBSCRIBE) {
            this.registry.leave(connectionId, subscriptionId);
            return message;
        }
        if (type != SimpMessageType.SUBSCRIBE) {
            return message;
        }
        String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        if (Destinations.USER_REPLIES.equals(destination)) {
            return answer(this.registry.subscribeOther(connectionId, subscriptionId), connectionId, message, "");
        }
        String sessionId = Destinations.sessionOfTopic(destination);
        if (sessionId == null) {
            // refused already by the frame checks
            return message;
        }
        return answer(this.registry.join(connectionId, subscriptionId, sessionId,
                SimpMessageHeaderAccessor.getUser(message.getHeaders())), connectionId, message, sessionId);
    }

    private @Nullable Message<?> answer(JoinResult joined, String connectionId, Message<?> message, String sessionId) {
        return switch (joined) {
            case JOINED -> message;
            // the socket closed while the frame was on its way; nothing to subscribe
            case UNKNOWN_CONNECTION -> null;
            default -> StompErrors.refuse(this.clientOutboundChannel, connectionId,
                    this.caps.refusal(joined, sessionId).message());
        };
    }
}
