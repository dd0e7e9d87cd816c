package io.ghostide.realtime.messaging.stomp;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class ExactSubscriptionRegistryTests {

    private final ExactSubscriptionRegistry registry = new ExactSubscriptionRegistry();

    @Test
    void findsExactlyTheSubscribersOfADestination() {
        subscribe("c1", "s1", "/topic/session/a");
        subscribe("c2", "s7", "/topic/session/a");
        subscribe("c2", "s8", "/queue/replies-userc2");
        subscribe("c3", "s1", "/topic/session/b");

        assertThat(find("/topic/session/a")).containsExactly(Map.entry("c1", List.of("s1")), Map.entry("c2", List.of("s7")));
        assertThat(find("/queue/replies-userc2")).containsExactly(Map.entry("c2", List.of("s8")));
        assertThat(find("/topic/session/c")).isEmpty();
    }

    @Test
    void destinationsAreExactNotPatterns() {
        subscribe("c1", "s1", "/topic/session/*");
        assertThat(find("/topic/session/a")).isEmpty();
        assertThat(find("/topic/session/*")).containsOnlyKeys("c1");
    }

    @Test
    void unsubscribeRemovesOnlyThatSubscription() {
        subscribe("c1", "s1", "/topic/session/a");
        subscribe("c1", "s2", "/topic/session/a");
        subscribe("c2", "s1", "/topic/session/a");

        this.registry.unregisterSubscription(frame(SimpMessageType.UNSUBSCRIBE, "c1", "s1", null));

        assertThat(find("/topic/session/a")).containsExactly(Map.entry("c1", List.of("s2")), Map.entry("c2", List.of("s1")));
    }

    @Test
    void aSubscriptionIdUsedAgainMovesToTheNewDestination() {
        subscribe("c1", "s1", "/topic/session/a");
        subscribe("c1", "s1", "/topic/session/b");

        assertThat(find("/topic/session/a")).isEmpty();
        assertThat(find("/topic/session/b")).containsOnlyKeys("c1");
    }

    @Test
    void aConnectionThatGoesLeavesNothingBehind() {
        subscribe("c1", "s1", "/topic/session/a");
        subscribe("c1", "s2", "/queue/replies-userc1");
        subscribe("c2", "s1", "/topic/session/a");

        this.registry.unregisterAllSubscriptions("c1");

        assertThat(find("/topic/session/a")).containsOnlyKeys("c2");
        assertThat(find("/queue/replies-userc1")).isEmpty();
        assertThat(this.registry.destinationCount()).isEqualTo(1);
        this.registry.unregisterAllSubscriptions("c2");
        assertThat(this.registry.destinationCount()).isZero();
    }

    @Test
    void aSnapshotHandedToAPublishIsNotChangedByLaterSubscribes() {
        subscribe("c1", "s1", "/topic/session/a");
        Map<String, List<String>> before = find("/topic/session/a");

        subscribe("c2", "s1", "/topic/session/a");
        this.registry.unregisterAllSubscriptions("c1");

        assertThat(before).containsOnlyKeys("c1");
        assertThat(find("/topic/session/a")).containsOnlyKeys("c2");
    }

    private void subscribe(String connectionId, String subscriptionId, String destination) {
        this.registry.registerSubscription(frame(SimpMessageType.SUBSCRIBE, connectionId, subscriptionId, destination));
    }

    private Map<String, List<String>> find(String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        accessor.setDestination(destination);
        return this.registry.findSubscriptions(MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders()));
    }

    private static Message<byte[]> frame(SimpMessageType type, String connectionId, String subscriptionId,
            String destination) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(type);
        accessor.setSessionId(connectionId);
        accessor.setSubscriptionId(subscriptionId);
        if (destination != null) {
            accessor.setDestination(destination);
        }
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }
}
