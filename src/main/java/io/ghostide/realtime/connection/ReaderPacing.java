package io.ghostide.realtime.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

/**
 * Paces a producer that can wait, a run's output, to the readers of its session, within two
 * bounds: a reader that keeps what was queued for it unwritten for longer than
 * {@code ghostide.connection.slow-consumer-timeout} no longer holds the producer, and is cut; and
 * a producer that readers have held as long as it may in all (a run's
 * {@code ghostide.execution.max-reader-stall}, however many readers came and went) cuts every
 * reader it would wait for at once ({@link #backlog}'s {@code cutAt}). Within them a reader that
 * reads gets every byte at its own pace.
 */
@Component
public class ReaderPacing {

    private final ConnectionRegistry registry;

    ReaderPacing(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /**
     * The most bytes one of the session's connections on this instance still has to write,
     * leaving out those that stayed behind: each of them is handed to {@code stayedBehind}, which
     * is expected to {@link #cut} it. A connection with {@code cutAt} bytes or more still to write
     * counts as having stayed behind too, however short its wait: for a producer that may no
     * longer wait for anyone ({@code Long.MAX_VALUE} for one that may).
     */
    public long backlog(String sessionId, long cutAt, Consumer<String> stayedBehind) {
        long now = System.nanoTime();
        long[] most = { 0 };
        List<String> behind = new ArrayList<>(0);
        this.registry.forEachMember(sessionId, session -> {
            long backlog = session.pacedBacklog(now);
            if (backlog < 0 || backlog >= cutAt) {
                behind.add(session.getId());
            }
            else {
                most[0] = Math.max(most[0], backlog);
            }
        });
        // outside the registry's iteration: a cut sends the connection its farewell
        behind.forEach(stayedBehind);
        return most[0];
    }

    /** Bytes the connection still has to write; 0 for one that is gone. */
    public long queued(String connectionId) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        return session != null ? session.queuedSize() : 0;
    }

    /**
     * Closes a connection that stayed behind: what is queued for it is dropped, what
     * {@code farewell} sends to it on this thread is written, then the close with the reason's
     * status. Counted in {@code ghostide.connections.closed} under the reason.
     */
    public void cut(String connectionId, CloseReason reason, Runnable farewell) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        if (session != null) {
            session.cut(reason, farewell);
        }
    }
}
