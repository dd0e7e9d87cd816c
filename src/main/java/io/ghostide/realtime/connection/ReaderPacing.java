package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.stereotype.Component;

/**
 * Paces a producer that can wait, a run's output, to the readers of its session, within two
 * bounds: a reader that keeps what was queued for it unwritten for longer than
 * {@code ghostide.connection.slow-consumer-timeout} no longer holds the producer, and is cut; and
 * a producer that readers have held as long as it may in all (a run's
 * {@code ghostide.execution.max-reader-stall}, however many readers came and went) cuts every
 * reader it would wait for at once ({@link #cutReadersBehind}). Within them a reader that reads
 * gets every byte at its own pace. A reader cut is told {@code disconnect} {@code slow_consumer}
 * and closed with 1008 ({@link ConnectionClosing#cut}).
 */
@Component
public class ReaderPacing {

    private static final long BACKLOG_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ConnectionRegistry registry;

    private final ConnectionClosing closing;

    ReaderPacing(ConnectionRegistry registry, ConnectionClosing closing) {
        this.registry = registry;
        this.closing = closing;
    }

    /**
     * Waits until every connection of the session has fewer than {@code maxBacklog} bytes still
     * to write, or until {@code maxWait} is over; returns whether there is room. A producer that
     * can wait, such as a program's output, calls it between publishes, so that it goes at the
     * pace of the session's slowest reader instead of outrunning that reader's send buffer; but a
     * reader that stays behind past {@code ghostide.connection.slow-consumer-timeout} is cut and
     * no longer waited for.
     */
    public boolean awaitRoom(String sessionId, long maxBacklog, Duration maxWait) {
        if (backlog(sessionId, Long.MAX_VALUE) < maxBacklog) {
            return true;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        // polled, not signalled: a wake-up on every completed write of every connection would cost
        // the delivery path for the rare producer that is ahead, and a backlog drains in milliseconds
        while (backlog(sessionId, Long.MAX_VALUE) >= maxBacklog) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(BACKLOG_POLL_NANOS);
        }
        return true;
    }

    /**
     * Cuts every connection of the session with {@code maxBacklog} bytes or more still to write,
     * as {@link #awaitRoom} cuts one that stayed behind: for a producer whose readers have held it
     * as long as they may, which goes on without waiting from then on.
     */
    public void cutReadersBehind(String sessionId, long maxBacklog) {
        backlog(sessionId, maxBacklog);
    }

    /**
     * The most bytes one of the session's connections on this instance still has to write,
     * leaving out those that stayed behind, which are cut. A connection with {@code cutAt} bytes
     * or more still to write counts as having stayed behind too, however short its wait: for a
     * producer that may no longer wait for anyone ({@code Long.MAX_VALUE} for one that may).
     */
    private long backlog(String sessionId, long cutAt) {
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
        behind.forEach(connectionId -> this.closing.cut(connectionId, sessionId, CloseReason.SLOW_CONSUMER));
        return most[0];
    }

    /**
     * Runs {@code replay}, which queues about {@code bytes} at once for a reader catching up, past
     * the send buffer if need be ({@link SendBuffer}).
     */
    public void replaying(String connectionId, long bytes, Runnable replay) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        if (session != null) {
            session.replaying(bytes, replay);
        }
        else {
            replay.run();
        }
    }

    /**
     * Characters of text (bytes of binary frames) still to be written to the session's most
     * behind connection on this instance; 0 when all is written.
     */
    public long outboundBacklog(String sessionId) {
        long[] most = { 0 };
        this.registry.forEachMember(sessionId, session -> most[0] = Math.max(most[0], session.queuedSize()));
        return most[0];
    }

    /** Bytes the connection still has to write; 0 for one that is gone. */
    public long queued(String connectionId) {
        QueuedWebSocketSession session = this.registry.session(connectionId);
        return session != null ? session.queuedSize() : 0;
    }
}
