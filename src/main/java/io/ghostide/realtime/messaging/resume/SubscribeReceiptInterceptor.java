package io.ghostide.realtime.messaging.resume;

import io.ghostide.realtime.messaging.Destinations;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Answers a STOMP client's SUBSCRIBE that carries a {@code receipt} header with a RECEIPT frame
 * once the subscription exists, which the simple broker does not do by itself. Nothing published
 * after the RECEIPT can be missed: for a session topic it comes after the subscription has been
 * started ({@link SubscriptionReadyInterceptor}, placed after this one on the inbound channel so
 * that it acts first once the broker is done); for a user destination
 * ({@code /user/queue/replies}) it waits for the user destination handler, which makes that
 * subscription, not for the broker, which sees the same frame first and ignores it.
 */
@Component
public class SubscribeReceiptInterceptor implements ExecutorChannelInterceptor {

    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutboundChannel;

    SubscribeReceiptInterceptor(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (ex != null || SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.SUBSCRIBE
                || !makesSubscription(handler, SimpMessageHeaderAccessor.getDestination(message.getHeaders()))) {
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String connectionId = stomp.getSessionId();
        String receipt = stomp.getReceipt();
        if (connectionId != null && receipt != null) {
            StompHeaderAccessor answer = StompHeaderAccessor.create(StompCommand.RECEIPT);
            answer.setReceiptId(receipt);
            answer.setSessionId(connectionId);
            this.clientOutboundChannel.send(MessageBuilder.createMessage(EMPTY, answer.getMessageHeaders()));
        }
    }

    /** Whether {@code handler} is the one that makes a subscription to {@code destination}. */
    private static boolean makesSubscription(MessageHandler handler, @Nullable String destination) {
        return Destinations.isUserDestination(destination) ? handler instanceof UserDestinationMessageHandler
                : handler instanceof AbstractBrokerMessageHandler;
    }
}
