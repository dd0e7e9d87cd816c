package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ghostide.realtime.connection.ReaderPacing;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * How long the readers of a run's session have held the run's output back, against its bound.
 * Each reader that stops reading is waited for up to the slow-consumer timeout, and a new one can
 * join as soon as the last is cut; so without a bound per run, strangers joining one after another
 * hold a program as long as they keep coming. The readers may hold a run, in all, as long as it has
 * gone on unheld so far ({@value #FLOOR_MILLIS} ms at least, {@code ghostide.execution.max-reader-stall}
 * at most), so a run takes at most about twice its time alone. Once they have, every reader its
 * output would wait for is cut at once (as one that stayed behind: {@code disconnect}
 * {@code slow_consumer}, close 1008, resumable) until the run has gone on long enough to earn more.
 */
final class ReaderStall {

    private static final Log logger = LogFactory.getLog(ReaderStall.class);

    // what the readers may hold a run that has only just started
    static final long FLOOR_MILLIS = 250;

    private final ReaderPacing pacing;

    private final String sessionId;

    private final String executionId;

    private final long maxBacklog;

    private final long budgetNanos;

    // System.nanoTime() when the run started
    private final long started;

    // System.nanoTime() when the run's time is over: no waiting after it, the program is being stopped
    private final long deadline;

    // a run's two streams wait one at a time, so a wait they both sit out is counted once
    private final ReentrantLock waiting = new ReentrantLock();

    // how long the run has been held so far; guarded by waiting
    private long heldNanos;

    ReaderStall(ReaderPacing pacing, String sessionId, String executionId, long maxBacklog, Duration budget,
            Duration timeout) {
        this.pacing = pacing;
        this.sessionId = sessionId;
        this.executionId = executionId;
        this.maxBacklog = maxBacklog;
        this.budgetNanos = budget.toNanos();
        this.started = System.nanoTime();
        this.deadline = this.started + timeout.toNanos();
    }

    /**
     * Returns once the session's readers have room for more output, the run's time is over, or the
     * run has been held as long as it may; from then on it cuts whoever it would wait for, and
     * returns at once.
     */
    void awaitRoom() {
        this.waiting.lock();
        try {
            long start = System.nanoTime();
            long left = this.deadline - start;
            if (left <= 0) {
                return;
            }
            long budget = budget(start);
            long budgetLeft = budget - this.heldNanos;
            if (budgetLeft > 0) {
                // room at once is the common case, and not being held
                if (this.pacing.awaitRoom(this.sessionId, this.maxBacklog, Duration.ZERO)) {
                    return;
                }
                boolean room = this.pacing.awaitRoom(this.sessionId, this.maxBacklog,
                        Duration.ofNanos(Math.min(left, budgetLeft)));
                this.heldNanos += System.nanoTime() - start;
                if (room || this.heldNanos < budget) {
                    // room, or the run's time (or the thread) ended the wait
                    return;
                }
                if (logger.isInfoEnabled()) {
                    logger.info("Run " + this.executionId + " of session " + this.sessionId + " was held "
                            + Duration.ofNanos(this.heldNanos).toMillis() + " ms by its readers, the most it may be"
                            + " (its time unheld so far, at most ghostide.execution.max-reader-stall);"
                            + " readers that fall behind it are cut until it has run longer");
                }
            }
            this.pacing.cutReadersBehind(this.sessionId, this.maxBacklog);
        }
        finally {
            this.waiting.unlock();
        }
    }

    // the hold the run has earned by now: its time unheld, within the floor and the configured bound
    private long budget(long now) {
        long unheld = now - this.started - this.heldNanos;
        return Math.min(this.budgetNanos, Math.max(TimeUnit.MILLISECONDS.toNanos(FLOOR_MILLIS), unheld));
    }
}
