package io.ghostide.realtime.connection;

import java.time.Duration;

/**
 * A paced producer's watch on one connection: when the connection is found with something still
 * to write, what is queued for it then must be written within the slow-consumer timeout; once it
 * is, the next look starts a new watch. So it measures how long the oldest queued message has
 * waited, near enough: a reader that keeps up within the timeout sets the producer's pace, one
 * that does not has stayed behind.
 */
final class PacingWatch {

    private final long timeoutNanos;

    // when the watch started (System.nanoTime); guarded by this
    private long since;

    // the written count that ends the watch; guarded by this
    private long target;

    PacingWatch(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Whether the connection, found with {@code queued} bytes to write and {@code written} bytes
     * written so far, has stayed behind past the timeout.
     */
    synchronized boolean stayedBehind(long queued, long written, long now) {
        if (written >= this.target) {
            // it wrote what was queued when last watched, or is watched for the first time
            this.since = now;
            this.target = written + queued;
            return false;
        }
        return now - this.since > this.timeoutNanos;
    }
}
