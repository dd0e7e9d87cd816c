package io.ghostide.realtime.messaging.stomp;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.ghostide.realtime.messaging.Destinations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Takes a connection out of sessions on the server's initiative, exactly as if its client had
 * sent UNSUBSCRIBE for each of its subscriptions there: the frame goes down the inbound channel,
 * so the broker's registry drops the subscription, the connection registry lets the connection
 * leave the session (a {@code presence_leave} with reason {@code unsubscribed}) and its resume
 * state ends, by the paths a client's own UNSUBSCRIBE takes. Both transports are served, since a
 * raw connection's session is a subscription of the broker too.
 */
@Component
public class SessionUnsubscriber {

    private static final byte[] EMPTY = new byte[0];

    private final ObjectProvider<SimpleBrokerMessageHandler> broker;

    private final MessageChannel clientInboundChannel;

    SessionUnsubscriber(ObjectProvider<SimpleBrokerMessageHandler> broker,
            @Lazy @Qualifier("clientInboundChannel") MessageChannel clientInboundChannel) {
        this.broker = broker;
        this.clientInboundChannel = clientInboundChannel;
    }

    /**
     * Unsubscribes the connection from every session topic {@code leave} says it must leave.
     *
     * @param user the connection's principal, carried by the frames as the client's own would
     * @return the sessions it left, each once, in no particular order
     */
    public List<String> unsubscribeFromSessions(String connectionId, Principal user, Predicate<String> leave) {
        if (!(this.broker.getObject().getSubscriptionRegistry() instanceof ExactSubscriptionRegistry registry)) {
            throw new IllegalStateException("The broker's subscription registry is not the ExactSubscriptionRegistry");
        }
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, String> subscription : registry.subscriptionsOf(connectionId).entrySet()) {
            String sessionId = Destinations.sessionOfTopic(subscription.getValue());
            if (sessionId == null || !leave.test(sessionId)) {
                continue;
            }
            StompHeaderAccessor unsubscribe = StompHeaderAccessor.create(StompCommand.UNSUBSCRIBE);
            unsubscribe.setSessionId(connectionId);
            unsubscribe.setSubscriptionId(subscription.getKey());
            unsubscribe.setUser(user);
            // the inbound channel runs its handlers on the sending thread: the subscription is gone on return
            this.clientInboundChannel.send(MessageBuilder.createMessage(EMPTY, unsubscribe.getMessageHeaders()));
            if (!left.contains(sessionId)) {
                left.add(sessionId);
            }
        }
        return left;
    }
}
