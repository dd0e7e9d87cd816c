package io.ghostide.realtime.connection;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the connection layer: open connections and active sessions (gauges),
 * frames delivered, and connections the server closed, by reason.
 */
@Component
class ConnectionMetrics {

    private final Map<Transport, Counter> delivered = new EnumMap<>(Transport.class);

    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

    ConnectionMetrics(MeterRegistry registry) {
        for (Transport transport : Transport.values()) {
            this.delivered.put(transport, Counter.builder("ghostide.messages.delivered")
                    .description("WebSocket frames written to clients")
                    .tag("transport", transport.tag())
                    .register(registry));
        }
        for (CloseReason reason : CloseReason.values()) {
            this.closed.put(reason, Counter.builder("ghostide.connections.closed")
                    .description("Connections the server closed on its own")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
    }

    /** Registers the gauges that read the registry's counts. */
    void bindGauges(MeterRegistry registry, ConnectionStats stats) {
        for (Transport transport : Transport.values()) {
            Gauge.builder("ghostide.connections", stats, s -> s.totalConnections(transport))
                    .description("Open WebSocket connections")
                    .tag("transport", transport.tag())
                    .register(registry);
        }
        Gauge.builder("ghostide.sessions.active", stats, s -> s.activeSessions().size())
                .description("Sessions with at least one connection")
                .register(registry);
    }

    void delivered(Transport transport) {
        this.delivered.get(transport).increment();
    }

    void closedByServer(CloseReason reason) {
        this.closed.get(reason).increment();
    }
}
