package io.ghostide.realtime.messaging;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Runs a callback once the message broker has handled an inbound frame that carries one. The
 * raw adapter attaches it to its topic SUBSCRIBE, so its {@code connect} frame goes out only
 * when the subscription exists and nothing published afterwards can be missed.
 */
@Component
public class BrokerReadyCallbacks implements ExecutorChannelInterceptor {

    private static final String CALLBACK_HEADER = BrokerReadyCallbacks.class.getName() + ".callback";

    /** Attaches {@code callback} to a frame about to be sent on the inbound channel. */
    public static void attach(SimpMessageHeaderAccessor accessor, Runnable callback) {
        accessor.setHeader(CALLBACK_HEADER, callback);
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (handler instanceof AbstractBrokerMessageHandler
                && message.getHeaders().get(CALLBACK_HEADER) instanceof Runnable callback) {
            callback.run();
        }
    }
}
