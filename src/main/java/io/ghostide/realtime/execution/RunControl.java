package io.ghostide.realtime.execution;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The steering of one run from outside: who asked for it, its state and a stop request; its
 * stdin is {@link RunInput}'s.
 */
final class RunControl {

    /** Where a run is in its life. */
    enum State { QUEUED, RUNNING, ENDED }

    private final String executionId;

    private final String sessionId;

    private final @Nullable String requestId;

    private final String user;

    private final RunInput input;

    // completes with the user who stopped the run
    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    // guarded by this
    private State state = State.QUEUED;

    // the run's output while its program runs: input is published in order with it
    private volatile @Nullable StreamOutput output;

    RunControl(String executionId, String sessionId, @Nullable String requestId, String user, boolean interactive,
            @Nullable String initialInput, long maxInputBytes) {
        this.executionId = executionId;
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.user = user;
        this.input = new RunInput(interactive, initialInput, maxInputBytes);
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
        return this.input.interactive();
    }

    /** The run's stdin. */
    RunInput input() {
        return this.input;
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
        // under this lock, so that whoever sees ENDED finds the input ended too; RunInput never takes this lock
        this.input.end();
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
}
