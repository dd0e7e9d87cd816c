package io.ghostide.realtime.messaging;

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
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Acts once the message broker has handled a SUBSCRIBE, when the subscription exists: runs
 * the callback the raw adapter attached (so its {@code connect} frame goes out only then), and
 * answers a STOMP client's {@code receipt} header with a RECEIPT frame, which the simple broker
 * does not do by itself. Either way nothing published after the answer can be missed.
 */
@Component
public class BrokerReadyCallbacks implements ExecutorChannelInterceptor {

    private static final String CALLBACK_HEADER = BrokerReadyCallbacks.class.getName() + ".callback";

    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutboundChannel;

    BrokerReadyCallbacks(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.clientOutboundChannel = clientOutboundChannel;
    }

    /** Attaches {@code callback} to a frame about to be sent on the inbound channel. */
    public static void attach(SimpMessageHeaderAccessor accessor, Runnable callback) {
        accessor.setHeader(CALLBACK_HEADER, callback);
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (!(handler instanceof AbstractBrokerMessageHandler) || ex != null
                || SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.SUBSCRIBE) {
            return;
        }
        if (message.getHeaders().get(CALLBACK_HEADER) instanceof Runnable callback) {
            callback.run();
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String receipt = stomp.getReceipt();
        if (receipt != null && stomp.getSessionId() != null) {
            StompHeaderAccessor answer = StompHeaderAccessor.create(StompCommand.RECEIPT);
            answer.setReceiptId(receipt);
            answer.setSessionId(stomp.getSessionId());
            this.clientOutboundChannel.send(MessageBuilder.createMessage(EMPTY, answer.getMessageHeaders()));
        }
    }
}
