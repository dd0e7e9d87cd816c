package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.messaging.StreamType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One stream (stdout or stderr) of a run, from the pipe to the session. A reader thread hands
 * over bytes as they arrive. They are sent 5 ms later when nothing was sent for
 * {@code flushInterval}, else when the interval since the last message is over, or at once when
 * a frame's worth is waiting: a line of a slow writer goes out as it comes, a fast writer's
 * lines go out together, at most one message per interval besides full frames. Everything is
 * kept for the result up to {@code limit} bytes; the first byte beyond stops the run.
 * <p>
 * One lock orders appends, timed flushes and the final flush, so the session sees the stream's
 * text in order, and nothing after {@link #close()}. A run's two streams share that lock
 * ({@link #sibling}): before one sends, the other sends what it was given earlier, so a line
 * printed before a traceback is not held back behind it.
 */
final class StreamOutput {

    private static final Log logger = LogFactory.getLog(StreamOutput.class);

    /** How long the first bytes after a quiet spell wait for more of the same write. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Receives each chunk of text; called under the stream's lock, in order. */
    @FunctionalInterface
    interface Listener {

        void onOutput(StreamType stream, String text);

        /**
         * Returns once the listener can take more, called by the reader before each read of the
         * pipe and never under the lock: while it waits the pipe fills, and the program waits in
         * its writes. By default there is always room.
         */
        default void awaitRoom() {
        }
    }

    private final StreamType stream;

    private final long limit;

    private final long flushNanos;

    private final ScheduledExecutorService scheduler;

    private final Listener listener;

    private final Runnable onLimit;

    private final Object lock;

    // the run's other stream, sharing the lock
    private @Nullable StreamOutput sibling;

    // when the bytes waiting to be sent started arriving (System.nanoTime)
    private long pendingSince;

    private final Utf8Chunker chunker = new Utf8Chunker();

    private final StringBuilder text = new StringBuilder();

    private long total;

    private boolean truncated;

    private boolean closed;

    private @Nullable ScheduledFuture<?> scheduledFlush;

    // when text was last sent (System.nanoTime)
    private long lastEmit = System.nanoTime() - Long.MAX_VALUE / 2;

    StreamOutput(StreamType stream, long limit, Duration flushInterval, ScheduledExecutorService scheduler,
            Listener listener, Runnable onLimit) {
        this(stream, limit, flushInterval.toNanos(), scheduler, listener, onLimit, new Object());
    }

    private StreamOutput(StreamType stream, long limit, long flushNanos, ScheduledExecutorService scheduler,
            Listener listener, Runnable onLimit, Object lock) {
        this.stream = stream;
        this.limit = limit;
        this.flushNanos = flushNanos;
        this.scheduler = scheduler;
        this.listener = listener;
        this.onLimit = onLimit;
        this.lock = lock;
    }

    /**
     * The run's other stream ({@code stream}), with the same limit, interval and listener: the two
     * send in the order their bytes arrived, as far as each one's batching allows.
     */
    StreamOutput sibling(StreamType stream) {
        StreamOutput other = new StreamOutput(stream, this.limit, this.flushNanos, this.scheduler, this.listener,
                this.onLimit, this.lock);
        synchronized (this.lock) {
            this.sibling = other;
            other.sibling = this;
        }
        return other;
    }

    /**
     * Reads {@code in} to its end on {@code executor}, handing every byte to this stream.
     *
     * @return completes when the pipe is at its end (every writer has exited or closed it)
     */
    CompletableFuture<Void> pump(InputStream in, Executor executor) {
        return CompletableFuture.runAsync(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while (true) {
                    this.listener.awaitRoom();
                    if ((read = in.read(buffer)) == -1) {
                        break;
                    }
                    accept(buffer, read);
                }
            }
            catch (IOException ex) {
                // the pipe was closed under the reader when the run was torn down: its end
            }
            finally {
                // a phase's last bytes may end in half a character only if the program wrote one
                synchronized (this.lock) {
                    if (!this.closed && !this.truncated) {
                        emit(true);
                    }
                }
            }
        }, executor);
    }

    /** Takes bytes the program wrote. */
    void accept(byte[] buffer, int length) {
        boolean limitReached = false;
        synchronized (this.lock) {
            if (this.closed || this.truncated) {
                // past the limit the pipe is drained, so the program is not blocked while it is stopped
                return;
            }
            long room = this.limit - this.total;
            int taken = (int) Math.min(length, room);
            if (taken > 0) {
                if (this.chunker.pendingBytes() == 0) {
                    this.pendingSince = System.nanoTime();
                }
                this.chunker.append(buffer, 0, taken);
                this.total += taken;
            }
            if (taken < length) {
                this.truncated = true;
                limitReached = true;
                emit(false);
                this.chunker.discard();
            }
            else if (this.chunker.pendingBytes() >= Utf8Chunker.MAX_CHUNK_JSON_BYTES) {
                emit(false);
            }
            else if (this.scheduledFlush == null && this.chunker.pendingBytes() > 0) {
                // at most one message per interval: a quiet stream's first bytes go after a moment
                // (print() writes a line's text and its newline apart), a busy stream's wait for
                // the rest of the interval and go together
                long wait = Math.max(this.lastEmit + this.flushNanos - System.nanoTime(),
                        Math.min(LINGER_NANOS, this.flushNanos));
                this.scheduledFlush = this.scheduler.schedule(this::timedFlush, wait, TimeUnit.NANOSECONDS);
            }
        }
        if (limitReached) {
            this.onLimit.run();
        }
    }

    private void timedFlush() {
        synchronized (this.lock) {
            this.scheduledFlush = null;
            if (!this.closed) {
                emit(false);
            }
        }
    }

    /** Sends what is left and stops sending: after this the session hears nothing more of the stream. */
    void close() {
        synchronized (this.lock) {
            if (this.closed) {
                return;
            }
            if (this.truncated) {
                this.chunker.discard();
            }
            else {
                emit(true);
            }
            this.closed = true;
            cancelScheduledFlush();
        }
    }

    /**
     * Sends what both streams of the run hold now, then runs {@code between} under their lock, so
     * that what the program wrote before it comes first and nothing is sent in between.
     */
    void flushThen(Runnable between) {
        synchronized (this.lock) {
            for (StreamOutput stream : new StreamOutput[] { this, this.sibling }) {
                if (stream != null && !stream.closed && !stream.truncated) {
                    stream.emit(false);
                }
            }
            between.run();
        }
    }

    /** Everything the stream kept, up to the limit. */
    String text() {
        synchronized (this.lock) {
            return this.text.toString();
        }
    }

    /** Whether the stream went beyond its limit. */
    boolean truncated() {
        synchronized (this.lock) {
            return this.truncated;
        }
    }

    // under the lock
    private void emit(boolean endOfInput) {
        StreamOutput other = this.sibling;
        if (other != null && !other.closed && !other.truncated && other.chunker.pendingBytes() > 0
                && other.pendingSince - this.pendingSince < 0) {
            other.emit(false);
        }
        cancelScheduledFlush();
        List<String> chunks = this.chunker.drain(endOfInput);
        for (String chunk : chunks) {
            if (chunk.isEmpty()) {
                continue;
            }
            this.text.append(chunk);
            this.lastEmit = System.nanoTime();
            try {
                this.listener.onOutput(this.stream, chunk);
            }
            catch (RuntimeException ex) {
                // the result keeps the text; one failed publish must not stop the stream
                logger.warn("Could not publish " + this.stream.wireName() + " of a run", ex);
            }
        }
    }

    private void cancelScheduledFlush() {
        if (this.scheduledFlush != null) {
            this.scheduledFlush.cancel(false);
            this.scheduledFlush = null;
        }
    }
}
