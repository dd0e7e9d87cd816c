package io.ghostide.realtime.connection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Ties a transport's handler to its connection's life: the connection opens in the registry as
 * a {@link QueuedWebSocketSession}, so that no send blocks (refused past the server's cap), and
 * leaves it however it ends, Jetty's close for an oversized message (1009) counted as such.
 */
public final class ConnectionTrackingHandler extends WebSocketHandlerDecorator {

    private static final Log logger = LogFactory.getLog(ConnectionTrackingHandler.class);

    private static final String SESSION_ATTRIBUTE = ConnectionTrackingHandler.class.getName() + ".session";

    private final Transport transport;

    private final ManagedConnections connections;

    ConnectionTrackingHandler(WebSocketHandler delegate, Transport transport, ManagedConnections connections) {
        super(delegate);
        this.transport = transport;
        this.connections = connections;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        QueuedWebSocketSession queued = this.connections.open(session, this.transport);
        if (queued == null) {
            return;
        }
        session.getAttributes().put(SESSION_ATTRIBUTE, queued);
        super.afterConnectionEstablished(queued);
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        QueuedWebSocketSession queued = queued(session);
        if (queued == null) {
            return;
        }
        queued.markReceived();
        super.handleMessage(queued, message);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
        QueuedWebSocketSession queued = queued(session);
        if (queued != null) {
            if (exception instanceof MessageTooLargeException) {
                // Jetty refused the message while assembling it and closes with 1009
                queued.closedByContainer(CloseReason.FRAME_TOO_LARGE);
            }
            super.handleTransportError(queued, exception);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        QueuedWebSocketSession queued = queued(session);
        if (queued != null) {
            queued.terminated();
        }
        if (ContainerCalls.inside()) {
            // reported from inside a send or close of ours, to a socket that is gone: the sender may be
            // delivering a session's message under that session's lock, and this close announces the
            // leave to its sessions, which takes other locks. Taken there, two such closes deadlock
            this.connections.soon(() -> connectionClosed(session, queued, closeStatus));
            return;
        }
        connectionClosed(session, queued, closeStatus);
    }

    private void connectionClosed(WebSocketSession session, @Nullable QueuedWebSocketSession queued, CloseStatus closeStatus) {
        this.connections.closed(session.getId(), closeStatus);
        if (queued != null) {
            try {
                super.afterConnectionClosed(queued, closeStatus);
            }
            catch (Exception ex) {
                logger.warn("Cleaning up after connection " + session.getId() + " closed failed", ex);
            }
        }
    }

    private static @Nullable QueuedWebSocketSession queued(WebSocketSession session) {
        return (QueuedWebSocketSession) session.getAttributes().get(SESSION_ATTRIBUTE);
    }
}
