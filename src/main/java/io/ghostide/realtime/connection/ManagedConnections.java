package io.ghostide.realtime.connection;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * The connections of both transports from open to close: each transport's handler is wrapped so
 * that a connection opens in the registry as a {@link QueuedWebSocketSession} (refused past the
 * server's cap, or once the shutdown began) and leaves it however it ends. Taking connections is
 * this bean's lifecycle; keeping them alive is {@link ConnectionKeepAlive}'s.
 */
@Component
public class ManagedConnections implements SmartLifecycle {

    /**
     * The lifecycle phase of the connections' housekeeping and of the raw transport: one below the
     * default, so that a bean of the default phase can still reach every connection while it stops.
     * (The broker and the STOMP handler stop in phase 0, later still.)
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1;

    private final ConnectionRegistry registry;

    private final ConnectionProperties properties;

    private final ConnectionMetrics metrics;

    // drops the sockets of connections that do not finish closing
    private final TaskScheduler housekeeping;

    private volatile boolean running;

    // set once the server began telling its connections to go: a connection opened later would be cut without a word
    private volatile boolean refusing;

    ManagedConnections(ConnectionRegistry registry, ConnectionProperties properties, ConnectionMetrics metrics,
            @Qualifier("connectionHousekeepingScheduler") TaskScheduler housekeeping) {
        this.registry = registry;
        this.properties = properties;
        this.metrics = metrics;
        this.housekeeping = housekeeping;
    }

    /** Wraps the handler of one transport. */
    public WebSocketHandler decorate(WebSocketHandler handler, Transport transport) {
        return new ConnectionTrackingHandler(handler, transport, this);
    }

    /**
     * Whether {@code session} is a connection this class opened: its sends never block and are
     * bounded by the connection's own send buffer and send time limit, so it needs no further
     * buffering decorator above it.
     */
    public static boolean isManaged(WebSocketSession session) {
        return session instanceof QueuedWebSocketSession;
    }

    /** The same wrapping, in the form STOMP's transport registration takes. */
    public WebSocketHandlerDecoratorFactory decoratorFactory(Transport transport) {
        return handler -> decorate(handler, transport);
    }

    /**
     * From now on, upgrades are answered 503 and a connection that opens anyway is closed with
     * 1001: the server is shutting down and has told every connection it holds to go.
     */
    public void refuseNewConnections() {
        this.refusing = true;
    }

    /** Whether new connections are taken: false once the server began shutting its connections down. */
    public boolean acceptsConnections() {
        return !this.refusing;
    }

    @Nullable QueuedWebSocketSession open(WebSocketSession session, Transport transport) {
        QueuedWebSocketSession queued = new QueuedWebSocketSession(session, transport, this.properties, this.metrics,
                this::later);
        if (this.refusing) {
            queued.abort(CloseReason.SHUTDOWN);
            return null;
        }
        if (!this.registry.tryOpen(queued)) {
            queued.abort(CloseReason.SERVER_FULL);
            return null;
        }
        if (this.refusing) {
            // the shutdown began while this one opened, and may have listed the connections without it
            queued.close(CloseReason.SHUTDOWN);
        }
        return queued;
    }

    void closed(String connectionId, CloseStatus status) {
        this.registry.closed(connectionId, leaveReason(status));
    }

    // a close reason that is already a wire word (token_expired, rate_limited) is kept as it is
    private static String leaveReason(CloseStatus status) {
        String reason = status.getReason();
        if (reason != null && reason.matches("[a-z_]{1,32}")) {
            return reason;
        }
        return status.getCode() == CloseStatus.NO_STATUS_CODE.getCode() || status.getCode() == 1006
                ? "connection_lost" : "closed";
    }

    /** Runs a task off the caller's thread, as soon as a housekeeping thread is free. */
    void soon(Runnable task) {
        later(task, Duration.ZERO);
    }

    private void later(Runnable task, Duration delay) {
        try {
            this.housekeeping.schedule(task, Instant.now().plus(delay));
        }
        catch (TaskRejectedException ex) {
            // the context is being destroyed: nothing left to wait for
            task.run();
        }
    }

    @Override
    public void start() {
        // a context stopped and started again (a paused test context) takes connections again
        this.refusing = false;
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
