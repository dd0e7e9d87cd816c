package io.ghostide.realtime.messaging;

import java.util.List;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.ConnectionRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On shutdown, before the broker and the web server stop, tells every connection
 * {@code disconnect} {@code {code: 1001}} on its reply queue, closes it with 1001 once that is
 * written, and waits (up to the grace period) until they are gone.
 */
@Component
class ConnectionShutdown {

    private static final Log logger = LogFactory.getLog(ConnectionShutdown.class);

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final ConnectionProperties properties;

    ConnectionShutdown(ConnectionRegistry registry, MessageRouter router, ConnectionProperties properties) {
        this.registry = registry;
        this.router = router;
        this.properties = properties;
    }

    @EventListener(ContextClosedEvent.class)
    void disconnectAll() {
        List<String> connectionIds = this.registry.connectionIds();
        if (connectionIds.isEmpty()) {
            return;
        }
        String reason = CloseReason.SHUTDOWN.status().getReason();
        for (String connectionId : connectionIds) {
            try {
                this.router.sendToConnection(connectionId, this.registry.sessionOf(connectionId), MessageType.DISCONNECT,
                        new Payloads.Disconnect(CloseReason.SHUTDOWN.status().getCode(), reason));
            }
            finally {
                this.registry.closeConnection(connectionId, CloseReason.SHUTDOWN);
            }
        }
        long deadline = System.nanoTime() + this.properties.shutdownGrace().toNanos();
        while (this.registry.totalConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        logger.info("Disconnected " + connectionIds.size() + " connection(s) on shutdown; "
                + this.registry.totalConnections() + " still closing");
    }
}
