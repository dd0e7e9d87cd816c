package io.ghostide.realtime.messaging.resume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.messaging.BrokerDelivery;
import io.ghostide.realtime.messaging.TransientMessageInterceptor;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Joins a subscription's replay to its live messages on the client outbound channel. While a
 * session-topic subscription is being set up, its live messages are held; when it opens at the
 * snapshot's {@code seq}, the position and replay go out first, then the held messages after
 * that {@code seq}, and later messages at or below it (a log whose deliveries lag its
 * snapshots may still send them) are dropped until the first one after it passes. So a
 * subscriber sees no gap and no duplicate between replay and live, whichever log is in use.
 * <p>
 * Only messages carrying {@link BrokerDelivery#SEQ_HEADER} are gated, and the broker's prepared
 * envelopes ({@link io.ghostide.realtime.messaging.stomp.EnvelopeOutlets}), which carry their
 * {@code seq}; position frames and
 * replayed messages are sent without it. A transient message (no seq, not kept) that meets a
 * subscription still being set up is dropped: it may not come before the position frame. The
 * outbound channel is synchronous, so a publisher
 * that meets a gate being opened waits for the replay to be written, then goes on in order.
 */
@Component
public class ResumeGateInterceptor implements ChannelInterceptor {

    // connection id -> (subscription id -> gate), only while a subscription is set up or awaits
    // its first live message
    private final Map<String, Map<String, Gate>> gates = new ConcurrentHashMap<>();

    ResumeGateInterceptor() {
    }

    /** Starts holding the live messages of a subscription about to exist. */
    void hold(String connectionId, String subscriptionId) {
        // compute, not computeIfAbsent and put: atomic with the removal of an emptied map in remove()
        this.gates.compute(connectionId, (id, ofConnection) -> {
            Map<String, Gate> next = ofConnection != null ? ofConnection : new ConcurrentHashMap<>();
            next.put(subscriptionId, new Gate());
            return next;
        });
    }

    /**
     * Runs {@code first} (which sends the position and replay), then lets through the held
     * messages with a {@code seq} after {@code floor}, and later ones the same way.
     *
     */
    void open(String connectionId, String subscriptionId, long floor, Runnable first) {
        Gate gate = gateOf(connectionId, subscriptionId);
        if (gate == null) {
            // the connection went away meanwhile
            return;
        }
        synchronized (gate) {
            first.run();
            List<Held> held = gate.held;
            gate.floor = floor;
            gate.held = null;
            gate.releasing = true;
            boolean passed = false;
            for (Held message : held == null ? List.<Held>of() : held) {
                if (message.seq() > floor) {
                    // through this gate again, which lets it pass: it is open now
                    message.send().run();
                    passed = true;
                }
            }
            gate.releasing = false;
            if (passed) {
                remove(connectionId, subscriptionId, gate);
            }
        }
    }

    /** Forgets a subscription's gate: it failed to subscribe, unsubscribed or disconnected. */
    void discard(String connectionId, @Nullable String subscriptionId) {
        if (subscriptionId == null) {
            this.gates.remove(connectionId);
            return;
        }
        Gate gate = gateOf(connectionId, subscriptionId);
        if (gate != null) {
            remove(connectionId, subscriptionId, gate);
        }
    }

    /** Subscriptions being set up or waiting for their first live message, for tests. */
    int size() {
        return this.gates.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (this.gates.isEmpty()) {
            return message;
        }
        Long seq = BrokerDelivery.seqOf(message.getHeaders());
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        String subscriptionId = SimpMessageHeaderAccessor.getSubscriptionId(message.getHeaders());
        if (connectionId == null || subscriptionId == null) {
            return message;
        }
        if (seq == null) {
            return TransientMessageInterceptor.isTransient(message) && stillHolding(gateOf(connectionId, subscriptionId))
                    ? null : message;
        }
        return admit(connectionId, subscriptionId, seq, () -> channel.send(message)) ? message : null;
    }

    /** Whether any subscription is being set up now; without, {@link #admit} lets everything through. */
    public boolean holding() {
        return !this.gates.isEmpty();
    }

    /**
     * Whether a live message with this {@code seq} goes to the subscription now; if not, it is
     * held, and {@code send} sends it again once the gate opens, or it was in the replay.
     */
    public boolean admit(String connectionId, String subscriptionId, long seq, Runnable send) {
        Gate gate = gateOf(connectionId, subscriptionId);
        if (gate == null) {
            return true;
        }
        synchronized (gate) {
            if (gate.held != null) {
                gate.held.add(new Held(seq, send));
                return false;
            }
            if (seq <= gate.floor) {
                // already in the replay
                return false;
            }
            if (!gate.releasing) {
                // past the floor: seq order means nothing at or below it can follow
                remove(connectionId, subscriptionId, gate);
            }
            return true;
        }
    }

    // whether the gate still holds live messages: its subscription's position frame has not gone out yet
    private static boolean stillHolding(@Nullable Gate gate) {
        if (gate == null) {
            return false;
        }
        synchronized (gate) {
            return gate.held != null;
        }
    }

    private @Nullable Gate gateOf(String connectionId, String subscriptionId) {
        Map<String, Gate> ofConnection = this.gates.get(connectionId);
        return ofConnection != null ? ofConnection.get(subscriptionId) : null;
    }

    private void remove(String connectionId, String subscriptionId, Gate gate) {
        this.gates.computeIfPresent(connectionId, (id, ofConnection) -> {
            ofConnection.remove(subscriptionId, gate);
            return ofConnection.isEmpty() ? null : ofConnection;
        });
    }

    /** A live message held at a gate, and how to send it once the gate opens. */
    private record Held(long seq, Runnable send) {
    }

    /** One subscription's gate; guarded by its own monitor. */
    private static final class Gate {

        // live messages held until the gate opens; null once open
        @Nullable List<Held> held = new ArrayList<>();

        // the snapshot's seq: what is at or below it went out in the replay
        long floor;

        // the held messages are being let through
        boolean releasing;
    }
}
