package io.ghostide.realtime.messaging.resume;

import java.util.function.Consumer;

import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.SessionSubscribed;
import io.ghostide.realtime.sessionlog.LogSnapshot;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Starts a subscription to a session topic at the moment the broker makes it: its live
 * messages are held from just before the broker handles the SUBSCRIBE, and once the
 * subscription exists it is started ({@link SubscriptionResume}: the position, given to the
 * raw adapter's callback or as {@code subscribed}, the replay, then live), and ended with the
 * UNSUBSCRIBE or DISCONNECT that ends it.
 */
@Component
public class SubscriptionReadyInterceptor implements ExecutorChannelInterceptor {

    private static final String CALLBACK_HEADER = SubscriptionReadyInterceptor.class.getName() + ".callback";

    private final SubscriptionResume resume;

    private final ApplicationEventPublisher events;

    SubscriptionReadyInterceptor(SubscriptionResume resume, ApplicationEventPublisher events) {
        this.resume = resume;
        this.events = events;
    }

    /**
     * Attaches {@code ready} to a SUBSCRIBE to a session topic about to be sent on the inbound
     * channel: it gets the session's position once the subscription exists, before the replay
     * and the live messages, in place of the {@code subscribed} message a STOMP client gets.
     */
    public static void attach(SimpMessageHeaderAccessor accessor, Consumer<LogSnapshot> ready) {
        accessor.setHeader(CALLBACK_HEADER, ready);
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        if (handler instanceof AbstractBrokerMessageHandler
                && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE) {
            String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
            String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
            String sessionId = Destinations.sessionOfTopic(SimpMessageHeaderAccessor.getDestination(message.getHeaders()));
            if (connectionId != null && subscriptionId != null && sessionId != null) {
                this.resume.prepare(connectionId, subscriptionId);
            }
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (handler instanceof AbstractBrokerMessageHandler && connectionId != null) {
            afterBroker(message, connectionId, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private void afterBroker(Message<?> message, String connectionId, @Nullable Exception ex) {
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
        String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
        if (type == SimpMessageType.UNSUBSCRIBE || type == SimpMessageType.DISCONNECT) {
            this.resume.end(connectionId, type == SimpMessageType.DISCONNECT ? null : subscriptionId);
            return;
        }
        if (type != SimpMessageType.SUBSCRIBE || subscriptionId == null) {
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String sessionId = Destinations.sessionOfTopic(stomp.getDestination());
        if (ex != null) {
            this.resume.end(connectionId, subscriptionId);
            return;
        }
        if (sessionId != null) {
            Consumer<LogSnapshot> rawReady = message.getHeaders().get(CALLBACK_HEADER) instanceof Consumer<?> callback
                    ? (Consumer<LogSnapshot>) callback : null;
            try {
                this.resume.start(connectionId, subscriptionId, sessionId, SubscriptionResume.resumePointOf(stomp),
                        SubscriptionResume.stateAskedBy(stomp), rawReady);
            }
            catch (RuntimeException failure) {
                // never leave the subscription's live messages held
                this.resume.end(connectionId, subscriptionId);
                throw failure;
            }
            // after the position and the replay: what listeners publish (presence_join) comes live
            this.events.publishEvent(new SessionSubscribed(connectionId, sessionId, stomp.getUser()));
        }
    }
}
