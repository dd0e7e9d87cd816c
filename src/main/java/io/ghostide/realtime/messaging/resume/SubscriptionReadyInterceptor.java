package io.ghostide.realtime.messaging.resume;

import java.util.function.Consumer;

import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.SessionSubscribed;
import io.ghostide.realtime.sessionlog.LogSnapshot;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
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
 * Acts around the message broker's handling of a client's frames. Just before a SUBSCRIBE
 * to a session topic, it has the subscription's live messages held; once the subscription
 * exists, it starts it (see {@link SubscriptionResume}: the position, the replay, then live),
 * runs the callback the raw adapter attached so its {@code connect} frame carries the
 * position, and answers a STOMP client's {@code receipt} header with a RECEIPT frame, which
 * the simple broker does not do by itself. Either way nothing published after the answer can
 * be missed: the RECEIPT of a SUBSCRIBE to a user destination ({@code /user/queue/replies})
 * waits for the user destination handler, which makes that subscription, not for the broker,
 * which sees the same frame first and ignores it.
 */
@Component
public class SubscriptionReadyInterceptor implements ExecutorChannelInterceptor {

    private static final String CALLBACK_HEADER = SubscriptionReadyInterceptor.class.getName() + ".callback";

    private static final byte[] EMPTY = new byte[0];

    private final MessageChannel clientOutboundChannel;

    private final SubscriptionResume resume;

    private final ApplicationEventPublisher events;

    SubscriptionReadyInterceptor(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel,
            SubscriptionResume resume, ApplicationEventPublisher events) {
        this.clientOutboundChannel = clientOutboundChannel;
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
        boolean broker = handler instanceof AbstractBrokerMessageHandler;
        if (!broker && !(handler instanceof UserDestinationMessageHandler)) {
            // the application's handlers: nothing to do after them
            return;
        }
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (connectionId == null) {
            return;
        }
        if (broker) {
            afterBroker(message, connectionId, ex);
        }
        if (ex == null && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE
                && makesSubscription(handler, SimpMessageHeaderAccessor.getDestination(message.getHeaders()))) {
            answerReceipt(StompHeaderAccessor.wrap(message), connectionId);
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

    /** Whether {@code handler} is the one that makes a subscription to {@code destination}. */
    private static boolean makesSubscription(MessageHandler handler, @Nullable String destination) {
        return Destinations.isUserDestination(destination) ? handler instanceof UserDestinationMessageHandler
                : handler instanceof AbstractBrokerMessageHandler;
    }

    private void answerReceipt(StompHeaderAccessor stomp, String connectionId) {
        String receipt = stomp.getReceipt();
        if (receipt != null) {
            StompHeaderAccessor answer = StompHeaderAccessor.create(StompCommand.RECEIPT);
            answer.setReceiptId(receipt);
            answer.setSessionId(connectionId);
            this.clientOutboundChannel.send(MessageBuilder.createMessage(EMPTY, answer.getMessageHeaders()));
        }
    }
}
