package io.ghostide.realtime.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.ManagedConnections;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, before the broker, the transports and the web server stop, tells every
 * connection {@code disconnect} {@code {code: 1001}} on its reply queue, closes it with 1001
 * once that is written, and lets the shutdown go on when they are all gone or the grace period
 * is over, whichever comes first.
 * <p>
 * It stops one phase before {@link ManagedConnections#PHASE}, the phase of the raw transport and
 * the connections' housekeeping, and long before the broker (phase 0), which carry the
 * {@code disconnect} frames.
 */
@Component
class ConnectionShutdown implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(ConnectionShutdown.class);

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final ConnectionProperties properties;

    private volatile boolean running;

    ConnectionShutdown(ConnectionRegistry registry, MessageRouter router, ConnectionProperties properties) {
        this.registry = registry;
        this.router = router;
        this.properties = properties;
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
        List<String> connectionIds = this.registry.connectionIds();
        if (connectionIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String reason = CloseReason.SHUTDOWN.status().getReason();
        for (String connectionId : connectionIds) {
            try {
                this.router.sendToConnection(connectionId, this.registry.sessionOf(connectionId), MessageType.DISCONNECT,
                        new Payloads.Disconnect(CloseReason.SHUTDOWN.status().getCode(), reason));
            }
            catch (RuntimeException ex) {
                // one connection that cannot be told does not keep the others from hearing it
                logger.debug("Could not send disconnect to connection " + connectionId, ex);
            }
            finally {
                this.registry.closeConnection(connectionId, CloseReason.SHUTDOWN);
            }
        }
        return this.registry.whenNoConnections()
                .completeOnTimeout(null, this.properties.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)
                .thenRun(() -> logger.info("Disconnected " + connectionIds.size() + " connection(s) on shutdown; "
                        + this.registry.totalConnections() + " still closing"));
    }
}
