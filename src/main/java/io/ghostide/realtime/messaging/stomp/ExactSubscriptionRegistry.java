package io.ghostide.realtime.messaging.stomp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.broker.AbstractSubscriptionRegistry;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The broker's subscriptions, indexed by exact destination. Every destination a client may
 * subscribe to is exact (a session topic or its own reply queue, see {@link ClientFrameInterceptor}),
 * so finding the subscribers of a message is one map lookup, and a subscribe or a disconnect
 * touches only its own destinations.
 * <p>
 * Spring's default registry matches destination patterns: a destination it has not cached
 * costs a pass over every subscription of every connection, and it caches 1,024 destinations.
 * With one reply queue per connection, 10,000 connections made every first reply to a
 * connection such a pass (about 10 ms each), and every subscribe and disconnect a pass over
 * the cache. Patterns and {@code selector} headers are not supported here; the guard refuses
 * the destinations that would need them.
 */
final class ExactSubscriptionRegistry extends AbstractSubscriptionRegistry {

    private static final MultiValueMap<String, String> NONE =
            CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());

    // destination -> (connection id -> subscription ids), an immutable snapshot replaced on change,
    // so a publish reads it without a lock while subscribes go on
    private final Map<String, MultiValueMap<String, String>> byDestination = new ConcurrentHashMap<>();

    // connection id -> (subscription id -> destination)
    private final Map<String, Map<String, String>> byConnection = new ConcurrentHashMap<>();

    // Spring's simp "session id" names a WebSocket connection, not an IDE session: hence connectionId below
    @Override
    protected void addSubscriptionInternal(String connectionId, String subscriptionId, String destination,
            Message<?> message) {
        String previous = this.byConnection.computeIfAbsent(connectionId, id -> new ConcurrentHashMap<>())
                .put(subscriptionId, destination);
        if (previous != null) {
            // the same subscription id again: STOMP says it replaces the old one
            remove(previous, connectionId, subscriptionId);
        }
        this.byDestination.compute(destination, (key, current) -> {
            LinkedMultiValueMap<String, String> next = copy(current);
            next.add(connectionId, subscriptionId);
            return CollectionUtils.unmodifiableMultiValueMap(next);
        });
    }

    @Override
    protected void removeSubscriptionInternal(String connectionId, String subscriptionId, Message<?> message) {
        Map<String, String> subscriptions = this.byConnection.get(connectionId);
        String destination = subscriptions != null ? subscriptions.remove(subscriptionId) : null;
        if (destination != null) {
            remove(destination, connectionId, subscriptionId);
        }
    }

    @Override
    public void unregisterAllSubscriptions(String connectionId) {
        Map<String, String> subscriptions = this.byConnection.remove(connectionId);
        if (subscriptions != null) {
            subscriptions.forEach((subscriptionId, destination) -> remove(destination, connectionId, subscriptionId));
        }
    }

    @Override
    protected MultiValueMap<String, String> findSubscriptionsInternal(String destination, Message<?> message) {
        return this.byDestination.getOrDefault(destination, NONE);
    }

    /** The connection's subscriptions now, subscription id -> destination; a copy. */
    Map<String, String> subscriptionsOf(String connectionId) {
        Map<String, String> subscriptions = this.byConnection.get(connectionId);
        return subscriptions != null ? Map.copyOf(subscriptions) : Map.of();
    }

    /** How many destinations have at least one subscriber. */
    int destinationCount() {
        return this.byDestination.size();
    }

    private void remove(String destination, String connectionId, String subscriptionId) {
        this.byDestination.computeIfPresent(destination, (key, current) -> {
            LinkedMultiValueMap<String, String> next = copy(current);
            List<String> ids = next.get(connectionId);
            if (ids != null) {
                ids.remove(subscriptionId);
                if (ids.isEmpty()) {
                    next.remove(connectionId);
                }
            }
            // an empty destination goes, so connections that come and go leave nothing behind
            return next.isEmpty() ? null : CollectionUtils.unmodifiableMultiValueMap(next);
        });
    }

    private static LinkedMultiValueMap<String, String> copy(@Nullable MultiValueMap<String, String> current) {
        LinkedMultiValueMap<String, String> next = new LinkedMultiValueMap<>();
        if (current != null) {
            current.forEach((connectionId, ids) -> next.put(connectionId, new ArrayList<>(ids)));
        }
        return next;
    }

    @Override
    public String toString() {
        return "ExactSubscriptionRegistry[" + this.byDestination.size() + " destinations, "
                + this.byConnection.size() + " connections]";
    }
}
