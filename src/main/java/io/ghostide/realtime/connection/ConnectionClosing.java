package io.ghostide.realtime.connection;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How connections leave when the server ends them. A connection is told why ({@code disconnect},
 * through the {@link DisconnectNotice} of the messaging layer) and closed with the reason's
 * status once everything queued before has been written; one that stayed behind its readers'
 * pace is cut instead: what is queued for it is dropped, the notice written, then the close.
 * Either is counted in {@code ghostide.connections.closed} under the reason.
 */
@Component
public class ConnectionClosing {

    private static final Log logger = LogFactory.getLog(ConnectionClosing.class);

    private final ConnectionRegistry registry;

    // looked up when used: the notice is sent through the broker, whose channels reach back to the connections
    private final ObjectProvider<DisconnectNotice> notice;

    ConnectionClosing(ConnectionRegistry registry, ObjectProvider<DisconnectNotice> notice) {
        this.registry = registry;
        this.notice = notice;
    }

    /** Tells the connection {@code disconnect} with the reason's tag, then closes it; see {@link #disconnect(String, String, CloseReason, String)}. */
    public void disconnect(String connectionId, String sessionId, CloseReason reason) {
        disconnect(connectionId, sessionId, reason, reason.tag());
    }

    /**
     * Tells the connection {@code disconnect} {@code {code, reason: text}} and closes it once that
     * is written. A connection that cannot be told is closed all the same.
     *
     * @param sessionId the session the message is stamped with ("" for none)
     */
    public void disconnect(String connectionId, String sessionId, CloseReason reason, String text) {
        try {
            this.notice.getObject().send(connectionId, sessionId, reason, text);
        }
        catch (RuntimeException ex) {
            logger.debug("Could not tell connection " + connectionId + " why it is closed", ex);
        }
        finally {
            close(connectionId, reason);
        }
    }

    /** Closes a connection after what is already queued for it has been written, counted by {@code reason}. */
    public void close(String connectionId, CloseReason reason) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        if (session != null) {
            session.close(reason);
        }
    }

    /**
     * Cuts a connection that stayed behind: what is queued for it is dropped, {@code disconnect}
     * with the reason's tag is written, then the close with the reason's status.
     */
    void cut(String connectionId, String sessionId, CloseReason reason) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        if (session != null) {
            session.cut(reason, () -> this.notice.getObject().send(connectionId, sessionId, reason, reason.tag()));
        }
    }

    /** Completes once no connection is open and every leave is told, at once if so; for shutdown, without polling. */
    public CompletableFuture<Void> whenNoConnections() {
        return this.registry.whenNoConnections();
    }
}
