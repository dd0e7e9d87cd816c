package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Gathers a model's deltas into {@code ai_response_chunk}s: one chunk per interval, or as soon as
 * it holds the largest chunk, instead of one per token, since every chunk is a message with a
 * {@code seq} in the session's history. Indexes stay contiguous from 0. Not thread-safe: its
 * reply calls it under its own lock, the timer through {@code onTimer}, which takes that lock.
 */
final class ChunkCoalescer {

    /** Publishes one chunk. */
    @FunctionalInterface
    interface Publisher {

        void chunk(String delta, int index);
    }

    private final Publisher publisher;

    private final ScheduledExecutorService executor;

    private final Duration interval;

    private final int maxChunk;

    private final Runnable onTimer;

    private final StringBuilder pending = new StringBuilder();

    private int index;

    private @Nullable ScheduledFuture<?> timer;

    ChunkCoalescer(Publisher publisher, ScheduledExecutorService executor, Duration interval, int maxChunk,
            Runnable onTimer) {
        this.publisher = publisher;
        this.executor = executor;
        this.interval = interval;
        this.maxChunk = maxChunk;
        this.onTimer = onTimer;
    }

    void add(String delta) {
        this.pending.append(delta);
        if (this.interval.isZero() || this.pending.length() >= this.maxChunk) {
            flush();
        }
        else if (this.timer == null) {
            this.timer = this.executor.schedule(this.onTimer, this.interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Publishes what is gathered, if anything. */
    void flush() {
        cancelTimer();
        if (this.pending.length() > 0) {
            this.publisher.chunk(this.pending.toString(), this.index++);
            this.pending.setLength(0);
        }
    }

    /** Drops what is gathered: the answer ended without it. */
    void discard() {
        cancelTimer();
        this.pending.setLength(0);
    }

    private void cancelTimer() {
        if (this.timer != null) {
            this.timer.cancel(false);
            this.timer = null;
        }
    }
}
