package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * An interactive run's stdin: input given before the program starts is held and written once it
 * does, on the I/O executor one write at a time, so a program that does not read never blocks the
 * client that typed. A run that is not interactive is given its input and its end, nothing more.
 */
final class RunInput {

    /** Why input was refused. */
    enum Refusal { NONE, NOT_INTERACTIVE, CLOSED, TOO_LARGE, ENDED }

    // an empty array in the queue: close stdin once what is before it was written
    private static final byte[] EOF = new byte[0];

    private final boolean interactive;

    private final long maxInputBytes;

    // guarded by this
    private boolean ended;

    private long inputBytes;

    private boolean eofGiven;

    private final Queue<byte[]> pending = new ArrayDeque<>();

    private @Nullable OutputStream stdin;

    private @Nullable Executor writer;

    private boolean writing;

    RunInput(boolean interactive, @Nullable String initialInput, long maxInputBytes) {
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

    boolean interactive() {
        return this.interactive;
    }

    /**
     * Whether {@code data} (and the end of input, with {@code eof}) may be given to the run now;
     * {@link Refusal#NONE} when it may. Counts it against the run's input bound when it may.
     */
    synchronized Refusal admit(String data, boolean eof) {
        if (this.ended) {
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
        if (this.ended) {
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

    /**
     * The program of the run's last phase started with this stdin: what was held is written now
     * and what comes later after it. A phase before it (a compiler) gets no input.
     */
    synchronized void attach(OutputStream stdin, Executor writer) {
        this.stdin = stdin;
        this.writer = writer;
        drainLater();
    }

    /** The run is over: input is refused from now on and stdin, if still open, is let go. */
    synchronized void end() {
        this.ended = true;
        this.pending.clear();
        this.stdin = null;
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
