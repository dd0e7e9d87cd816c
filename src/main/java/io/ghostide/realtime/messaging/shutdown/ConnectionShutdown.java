package io.ghostide.realtime.messaging.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionClosing;
import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.ManagedConnections;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The shutdown of connections, in the order a load balancer needs. When the context closes,
 * readiness goes down first ({@code REFUSING_TRAFFIC}) and stays down for
 * {@code ghostide.cluster.drain-delay}, while every connection is still served, so that the
 * balancer's readiness checks take the instance out before anyone is cut. Then, before the
 * broker, the transports and the web server stop, it tells every connection {@code disconnect}
 * {@code {code: 1001}} on its reply queue, closes it with 1001 once that is written, refuses new
 * connections (503 at the upgrade) from then on, and lets the shutdown go on when they are all
 * gone or the grace period is over, whichever comes first.
 * Clients then reconnect to another instance and resume from their last {@code seq}.
 * <p>
 * The drain runs in a {@link ContextClosedEvent} listener ordered first: the context publishes
 * that event before it stops any lifecycle bean, and before the task executors (which also
 * listen to it) begin their early shutdown, so nothing has stopped while the instance drains.
 * <p>
 * It stops one phase before {@link ManagedConnections#PHASE}, the phase of the raw transport and
 * the connections' housekeeping, and long before the broker (phase 0), which carry the
 * {@code disconnect} frames.
 */
@Component
class ConnectionShutdown implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(ConnectionShutdown.class);

    private final ConnectionRegistry registry;

    private final ManagedConnections connections;

    private final ConnectionClosing closing;

    private final ConnectionProperties properties;

    private final Duration drainDelay;

    private final ApplicationContext context;

    private final ApplicationAvailability availability;

    private volatile boolean running;

    ConnectionShutdown(ConnectionRegistry registry, ManagedConnections connections, ConnectionClosing closing,
            ConnectionProperties properties, ClusterProperties cluster, ApplicationContext context,
            ApplicationAvailability availability) {
        this.registry = registry;
        this.connections = connections;
        this.closing = closing;
        this.properties = properties;
        this.drainDelay = cluster.drainDelay();
        this.context = context;
        this.availability = availability;
    }

    /** Readiness down, then the drain delay with every connection still served; the disconnects follow in {@link #stop}. */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void drain(ContextClosedEvent event) {
        // a child context's close reaches this context's listeners too
        if (event.getApplicationContext() != this.context) {
            return;
        }
        // Boot's web context has usually done this already; published here too so the order never depends on it
        if (this.availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
            AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
        }
        if (this.drainDelay.isZero()) {
            return;
        }
        logger.info("Readiness is down; draining for " + this.drainDelay + " before " + this.registry.totalConnections()
                + " connection(s) are told to reconnect elsewhere");
        try {
            TimeUnit.NANOSECONDS.sleep(this.drainDelay.toNanos());
        }
        catch (InterruptedException ex) {
            // asked to hurry: disconnect now
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        disconnectAll().join();
    }

    @Override
    public void stop(Runnable callback) {
        // the lifecycle processor waits for the callback; the grace period bounds the wait
        disconnectAll().whenComplete((done, ex) -> callback.run());
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        // lifecycle beans stop from the highest phase down
        return ManagedConnections.PHASE + 1;
    }

    private CompletableFuture<Void> disconnectAll() {
        this.running = false;
        // before the list is taken: a client that reconnects at once is refused, not let in to be cut without a word
        this.connections.refuseNewConnections();
        List<String> connectionIds = this.registry.connectionIds();
        if (connectionIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String reason = CloseReason.SHUTDOWN.status().getReason();
        for (String connectionId : connectionIds) {
            // one connection that cannot be told does not keep the others from hearing it
            this.closing.disconnect(connectionId, this.registry.sessionOf(connectionId), CloseReason.SHUTDOWN, reason);
        }
        return this.closing.whenNoConnections()
                .completeOnTimeout(null, this.properties.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)
                .thenRun(() -> logger.info("Disconnected " + connectionIds.size() + " connection(s) on shutdown; "
                        + this.registry.totalConnections() + " still closing"));
    }
}
