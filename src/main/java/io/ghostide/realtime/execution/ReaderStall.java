package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.ghostide.realtime.messaging.MessageRouter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * How long the readers of a run's session have held the run's output back, against
 * {@code ghostide.execution.max-reader-stall}. Each reader that stops reading is waited for up to
 * the slow-consumer timeout, and a new one can join as soon as the last is cut; so without a bound
 * per run, strangers joining one after another hold a program as long as they keep coming. Once
 * the run has been held for the bound in all, every reader its output would wait for is cut at
 * once (as one that stayed behind: {@code disconnect} {@code slow_consumer}, close 1008, resumable)
 * and the program goes on at its own pace for the rest of the run.
 */
final class ReaderStall {

    private static final Log logger = LogFactory.getLog(ReaderStall.class);

    private final MessageRouter router;

    private final String sessionId;

    private final String executionId;

    private final long maxBacklog;

    private final long budgetNanos;

    // System.nanoTime() when the run's time is over: no waiting after it, the program is being stopped
    private final long deadline;

    // a run's two streams wait one at a time, so a wait they both sit out is counted once
    private final ReentrantLock waiting = new ReentrantLock();

    // how long the run has been held so far; guarded by waiting
    private long heldNanos;

    ReaderStall(MessageRouter router, String sessionId, String executionId, long maxBacklog, Duration budget,
            Duration timeout) {
        this.router = router;
        this.sessionId = sessionId;
        this.executionId = executionId;
        this.maxBacklog = maxBacklog;
        this.budgetNanos = budget.toNanos();
        this.deadline = System.nanoTime() + timeout.toNanos();
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
            long budgetLeft = this.budgetNanos - this.heldNanos;
            if (budgetLeft > 0) {
                // room at once is the common case, and not being held
                if (this.router.awaitRoom(this.sessionId, this.maxBacklog, Duration.ZERO)) {
                    return;
                }
                boolean room = this.router.awaitRoom(this.sessionId, this.maxBacklog,
                        Duration.ofNanos(Math.min(left, budgetLeft)));
                this.heldNanos += System.nanoTime() - start;
                if (room || this.heldNanos < this.budgetNanos) {
                    // room, or the run's time (or the thread) ended the wait
                    return;
                }
                if (logger.isInfoEnabled()) {
                    logger.info("Run " + this.executionId + " of session " + this.sessionId + " was held "
                            + Duration.ofNanos(this.heldNanos).toMillis() + " ms by its readers, the most it may be"
                            + " (ghostide.execution.max-reader-stall); readers that fall behind it are cut from now on");
                }
            }
            this.router.cutReadersBehind(this.sessionId, this.maxBacklog);
        }
        finally {
            this.waiting.unlock();
        }
    }
}
