package io.ghostide.realtime.connection;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one connection has queued and not yet written (characters of data frames), against its
 * send buffer limit: past the limit the client reads too slowly. A resume's replay, queued at
 * once, may pass the limit by its own size until the queue has been written out.
 */
final class SendBuffer {

    private final long limit;

    private final AtomicLong queued = new AtomicLong();

    // how far a replay may take the queue past the limit, until the queue is empty again
    private final AtomicLong replayAllowance = new AtomicLong();

    // replays being queued right now
    private final AtomicInteger replaying = new AtomicInteger();

    SendBuffer(long limit) {
        this.limit = limit;
    }

    /** Counts {@code size} more queued; false when the queue is now past its limit. */
    boolean add(long size) {
        return this.queued.addAndGet(size) <= this.limit + this.replayAllowance.get();
    }

    /** Counts {@code size} written or dropped. */
    void release(long size) {
        endReplayIfWritten(this.queued.addAndGet(-size));
    }

    /** The connection is gone: nothing is queued any more. */
    void clear() {
        this.queued.set(0);
        endReplayIfWritten(0);
    }

    long queued() {
        return this.queued.get();
    }

    /**
     * Runs {@code replay}, which queues about {@code bytes} at once: they may pass the limit, until
     * the queue has been written out. The replay is bounded by the session's history.
     */
    void replaying(long bytes, Runnable replay) {
        this.replayAllowance.addAndGet(bytes);
        this.replaying.incrementAndGet();
        try {
            replay.run();
        }
        finally {
            this.replaying.decrementAndGet();
            endReplayIfWritten(this.queued.get());
        }
    }

    private void endReplayIfWritten(long queued) {
        if (queued <= 0 && this.replaying.get() == 0) {
            this.replayAllowance.set(0);
        }
    }
}
