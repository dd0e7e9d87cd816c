package io.ghostide.realtime.messaging.stomp;

import java.util.Collection;
import java.util.List;

import io.ghostide.realtime.messaging.PreparedEnvelope;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.util.MultiValueMap;

/**
 * Spring's simple broker, with its per-subscriber step made cheap for session messages. For each
 * subscriber the stock {@link SimpleBrokerMessageHandler#sendMessageToSubscribers} builds a header
 * accessor, copies the headers, draws a message id and a UUID, and sends a new message through the
 * client outbound channel, where both transports' handlers look at it and STOMP's encodes a frame
 * of its own. A message whose payload is a {@link PreparedEnvelope} goes instead to each
 * subscriber's connection writer ({@link EnvelopeOutlets}) as it is, found by the same
 * subscription registry, on the same thread and in the same order; every other message goes the
 * stock way.
 * <p>
 * Not updated here: a STOMP session's last-write time, which the broker's heart-beat task reads;
 * a busy STOMP connection may so get a heart-beat between messages, which costs one byte.
 */
final class PreparedFanOutHandler extends SimpleBrokerMessageHandler {

    private final EnvelopeOutlets outlets;

    PreparedFanOutHandler(SubscribableChannel clientInboundChannel, MessageChannel clientOutboundChannel,
            SubscribableChannel brokerChannel, Collection<String> destinationPrefixes, EnvelopeOutlets outlets) {
        super(clientInboundChannel, clientOutboundChannel, brokerChannel, destinationPrefixes);
        this.outlets = outlets;
    }

    @Override
    protected void sendMessageToSubscribers(@Nullable String destination, Message<?> message) {
        if (!(message.getPayload() instanceof PreparedEnvelope envelope)) {
            super.sendMessageToSubscribers(destination, message);
            return;
        }
        MultiValueMap<String, String> subscriptions = getSubscriptionRegistry().findSubscriptions(message);
        for (var connection : subscriptions.entrySet()) {
            List<String> subscriptionIds = connection.getValue();
            for (int i = 0; i < subscriptionIds.size(); i++) {
                this.outlets.deliver(connection.getKey(), subscriptionIds.get(i), envelope);
            }
        }
    }
}
