package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * The steering of one run from outside: who asked for it, a stop request, and, for an
 * interactive run, its stdin. Input given before the program starts (while the run waits or
 * compiles) is held and written once it does; writes happen on the I/O executor, one at a
 * time, so a program that does not read never blocks the client that typed.
 */
final class RunControl {

    /** Where a run is in its life. */
    enum State { QUEUED, RUNNING, ENDED }

    /** Why input was refused. */
    enum Refusal { NONE, NOT_INTERACTIVE, CLOSED, TOO_LARGE, ENDED }

    private final String executionId;

    private final String sessionId;

    private final @Nullable String requestId;

    private final String user;

    private final boolean interactive;

    private final long maxInputBytes;

    // completes with the user who stopped the run
    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    // guarded by this
    private State state = State.QUEUED;

    private long inputBytes;

    private boolean eofGiven;

    private final Queue<byte[]> pending = new ArrayDeque<>();

    private @Nullable OutputStream stdin;

    private @Nullable Executor writer;

    private boolean writing;

    // the run's output while its program runs: input is published in order with it
    private volatile @Nullable StreamOutput output;

    // an empty array in the queue: close stdin once what is before it was written
    private static final byte[] EOF = new byte[0];

    RunControl(String executionId, String sessionId, @Nullable String requestId, String user, boolean interactive,
            @Nullable String initialInput, long maxInputBytes) {
        this.executionId = executionId;
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.user = user;
        this.interactive = interactive;
        this.maxInputBytes = maxInputBytes;
        if (initialInput != null && !initialInput.isEmpty()) {
            byte[] bytes = initialInput.getBytes(StandardCharsets.UTF_8);
            this.inputBytes = bytes.length;
            this.pending.add(bytes);
        }
        if (!interactive) {
            this.eofGiven = true;
            this.pending.add(EOF);
        }
    }

    String executionId() {
        return this.executionId;
    }

    String sessionId() {
        return this.sessionId;
    }

    @Nullable String requestId() {
        return this.requestId;
    }

    String user() {
        return this.user;
    }

    boolean interactive() {
        return this.interactive;
    }

    synchronized State state() {
        return this.state;
    }

    /** Completes with the user who asked the run to stop. */
    CompletableFuture<String> stopRequested() {
        return this.stopped;
    }

    /** Asks the run to stop; false when it had ended already. */
    synchronized boolean stop(String by) {
        if (this.state == State.ENDED) {
            return false;
        }
        this.stopped.complete(by);
        return true;
    }

    synchronized void started() {
        if (this.state == State.QUEUED) {
            this.state = State.RUNNING;
        }
    }

    /** The run is over: input is refused from now on and stdin, if still open, is let go. */
    synchronized void ended() {
        this.state = State.ENDED;
        this.pending.clear();
        this.stdin = null;
    }

    /**
     * Whether {@code data} (and the end of input, with {@code eof}) may be given to the run now;
     * {@link Refusal#NONE} when it may. Counts it against the run's input bound when it may.
     */
    synchronized Refusal admit(String data, boolean eof) {
        if (this.state == State.ENDED) {
            return Refusal.ENDED;
        }
        if (!this.interactive) {
            return Refusal.NOT_INTERACTIVE;
        }
        if (this.eofGiven) {
            return Refusal.CLOSED;
        }
        long bytes = data.getBytes(StandardCharsets.UTF_8).length;
        if (this.inputBytes + bytes > this.maxInputBytes) {
            return Refusal.TOO_LARGE;
        }
        this.inputBytes += bytes;
        this.eofGiven = eof;
        return Refusal.NONE;
    }

    /** Hands admitted input to the program's stdin, in the order it was admitted. */
    synchronized void write(String data, boolean eof) {
        if (this.state == State.ENDED) {
            return;
        }
        if (!data.isEmpty()) {
            this.pending.add(data.getBytes(StandardCharsets.UTF_8));
        }
        if (eof) {
            this.pending.add(EOF);
        }
        drainLater();
    }

    /** The streams of the run's output, for {@link #inOrderWithOutput}. */
    void output(@Nullable StreamOutput stream) {
        this.output = stream;
    }

    /** Runs {@code action} after the output the program wrote so far was sent, and before any more is. */
    void inOrderWithOutput(Runnable action) {
        StreamOutput stream = this.output;
        if (stream != null) {
            stream.flushThen(action);
        }
        else {
            action.run();
        }
    }

    /**
     * The program of the run's last phase started with this stdin: what was held is written now
     * and what comes later after it. A phase before it (a compiler) gets no input.
     */
    synchronized void attach(OutputStream stdin, Executor writer) {
        this.stdin = stdin;
        this.writer = writer;
        drainLater();
    }

    // under the lock
    private void drainLater() {
        if (this.writing || this.stdin == null || this.writer == null || this.pending.isEmpty()) {
            return;
        }
        this.writing = true;
        OutputStream out = this.stdin;
        this.writer.execute(() -> drain(out));
    }

    private void drain(OutputStream out) {
        for (;;) {
            byte[] next;
            synchronized (this) {
                next = this.stdin == out ? this.pending.poll() : null;
                if (next == null) {
                    this.writing = false;
                    return;
                }
            }
            try {
                if (next == EOF) {
                    out.close();
                }
                else {
                    out.write(next);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // the program closed its stdin or ended: what it did not read is dropped, as in a terminal
                synchronized (this) {
                    this.pending.clear();
                    this.writing = false;
                }
                return;
            }
        }
    }
}
