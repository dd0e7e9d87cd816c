package io.ghostide.realtime.messaging.stomp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.messaging.PreparedEnvelope;
import io.ghostide.realtime.messaging.resume.ResumeGateInterceptor;
import org.springframework.stereotype.Component;

/**
 * Where the broker hands a subscriber of a session topic its {@link PreparedEnvelope}: each
 * connection's writer, by connection id, registered by the transport that holds the connection
 * (as Spring's sub-protocol handler keeps its sessions by id). Who subscribes to what stays the
 * broker's subscription registry's to say; a subscription being resumed is gated here as the
 * outbound channel gates it ({@link ResumeGateInterceptor}).
 */
@Component
public class EnvelopeOutlets {

    /** Writes a prepared envelope to one connection, for one of its subscriptions. */
    @FunctionalInterface
    public interface Outlet {

        /** Queues the envelope's frame for that subscription; never blocks. */
        void deliver(String subscriptionId, PreparedEnvelope envelope);
    }

    // connection id -> its writer
    private final Map<String, Outlet> outlets = new ConcurrentHashMap<>();

    private final ResumeGateInterceptor gates;

    EnvelopeOutlets(ResumeGateInterceptor gates) {
        this.gates = gates;
    }

    /** The connection's envelopes go to {@code outlet} from now on. */
    public void register(String connectionId, Outlet outlet) {
        this.outlets.put(connectionId, outlet);
    }

    /** The connection is gone. */
    public void unregister(String connectionId) {
        this.outlets.remove(connectionId);
    }

    /** Hands one subscription of a connection the envelope, unless its gate holds or has replayed it. */
    void deliver(String connectionId, String subscriptionId, PreparedEnvelope envelope) {
        Outlet outlet = this.outlets.get(connectionId);
        if (outlet == null) {
            // a connection that just closed, whose subscriptions the broker has not dropped yet
            return;
        }
        if (!this.gates.holding()
                || this.gates.admit(connectionId, subscriptionId, envelope.seq(), () -> deliver(connectionId, subscriptionId, envelope))) {
            outlet.deliver(subscriptionId, envelope);
        }
    }

    /** Connections with a writer here, for tests. */
    int size() {
        return this.outlets.size();
    }
}
