package io.ghostide.realtime.execution;

import java.util.function.BiConsumer;

import io.ghostide.realtime.messaging.MessageRouter;
import org.jspecify.annotations.Nullable;

/**
 * Steers the runs that are going: stops one, gives one input. A run is found by its id (or the
 * request id its client gave) among this instance's runs, else among the other instances'
 * ({@link RemoteRuns}), whose owner then does the same here as a local caller would; one that
 * ended, or was lost ({@link LostRuns}), is told apart from one that never was by its transcript.
 */
final class RunSteering {

    /** A run that is going, here or on another instance. */
    record LiveRun(String executionId, String sessionId) {
    }

    private final RunRegistry registry;

    private final RemoteRuns remote;

    private final TranscriptStore transcripts;

    private final MessageRouter router;

    private final RunControlProperties properties;

    // takes a stopped run out of the queue, if it still waits there
    private final BiConsumer<RunControl, String> dequeue;

    RunSteering(RunRegistry registry, RemoteRuns remote, TranscriptStore transcripts, MessageRouter router,
            RunControlProperties properties, BiConsumer<RunControl, String> dequeue) {
        this.registry = registry;
        this.remote = remote;
        this.transcripts = transcripts;
        this.router = router;
        this.properties = properties;
        this.dequeue = dequeue;
    }

    /**
     * Stops a run of the session (any session's for {@code sessionId} null, the caller having
     * checked access): SIGINT, then whatever is left after the stop grace is killed; a run still
     * waiting for a slot is taken out of the queue and ends at once.
     *
     * @throws ExecutionRejectedException 404 for a run unknown here, 409 for one that ended, 503
     *         when the instance that runs it does not answer
     */
    void stop(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId, String by) {
        requireName(sessionId, executionId, requestId);
        RunControl control = localRun(sessionId, executionId, requestId);
        if (control != null) {
            stopHere(control, by);
            return;
        }
        RemoteRuns.RemoteRun run = this.remote.find(sessionId, executionId, requestId);
        if (run == null) {
            throw endedOrUnknown(sessionId, executionId, requestId);
        }
        this.remote.stop(run, by);
    }

    /** Stops a run of this instance, for its owner's side of a stop from another instance. */
    void stopHere(String executionId, String by) {
        RunControl control = this.registry.find(executionId);
        if (control == null) {
            throw endedOrUnknown(null, executionId, null);
        }
        stopHere(control, by);
    }

    private void stopHere(RunControl control, String by) {
        if (!control.stop(by)) {
            throw ended(control.executionId());
        }
        this.dequeue.accept(control, by);
    }

    /** The live run named by its id or its client's request id, in the session when one is given. */
    LiveRun liveRun(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId) {
        requireName(sessionId, executionId, requestId);
        RunControl control = localRun(sessionId, executionId, requestId);
        if (control != null) {
            return new LiveRun(control.executionId(), control.sessionId());
        }
        RemoteRuns.RemoteRun run = this.remote.find(sessionId, executionId, requestId);
        if (run == null) {
            throw endedOrUnknown(sessionId, executionId, requestId);
        }
        return new LiveRun(run.executionId(), run.sessionId());
    }

    /**
     * Gives text to an interactive run's stdin (and closes it with {@code eof}), published on the
     * session in order with the run's output.
     *
     * @throws ExecutionRejectedException 404 unknown run, 409 ended, not interactive or stdin closed,
     *         413 past the run's input bound, 400 nothing to give, 503 the instance that runs it does not answer
     */
    void input(String sessionId, String executionId, @Nullable String data, boolean eof, String user) {
        String text = data == null ? "" : data;
        if (text.isEmpty() && !eof) {
            throw new ExecutionRejectedException(400, "No input", "execution_input needs data, or eof: true", executionId);
        }
        requireName(sessionId, executionId, null);
        RunControl control = localRun(sessionId, executionId, null);
        if (control != null) {
            inputHere(control, text, eof, user);
            return;
        }
        RemoteRuns.RemoteRun run = this.remote.find(sessionId, executionId, null);
        if (run == null) {
            throw endedOrUnknown(sessionId, executionId, null);
        }
        this.remote.input(run, text, eof, user);
    }

    /** Gives input to a run of this instance, for its owner's side of input from another instance. */
    void inputHere(String sessionId, String executionId, String data, boolean eof, String user) {
        RunControl control = localRun(sessionId, executionId, null);
        if (control == null) {
            throw endedOrUnknown(sessionId, executionId, null);
        }
        inputHere(control, data, eof, user);
    }

    private void inputHere(RunControl control, String text, boolean eof, String user) {
        String executionId = control.executionId();
        switch (control.input().admit(text, eof)) {
            case NONE -> { }
            case ENDED -> throw ended(executionId);
            case NOT_INTERACTIVE -> throw new ExecutionRejectedException(409, "Run not interactive",
                    "run " + executionId + " was not started with interactive: true; its stdin was closed after its input",
                    executionId);
            case CLOSED -> throw new ExecutionRejectedException(409, "Input closed",
                    "the input of run " + executionId + " was closed with eof", executionId);
            case TOO_LARGE -> throw new ExecutionRejectedException(413, "Input too large", "a run may be given at most "
                    + this.properties.maxInput().toBytes() + " bytes of input in all (ghostide.execution.max-input)",
                    executionId);
        }
        String sessionId = control.sessionId();
        control.inOrderWithOutput(() -> {
            // the transcript first, as for output (SessionOutput)
            if (!text.isEmpty()) {
                this.transcripts.append(executionId, "input", text);
            }
            this.router.publishExecutionInput(sessionId, executionId, text, eof, user);
        });
        control.input().write(text, eof);
    }

    // this instance's run of that name, in the session when one is given; null when none
    private @Nullable RunControl localRun(@Nullable String sessionId, @Nullable String executionId,
            @Nullable String requestId) {
        RunControl control = executionId != null ? this.registry.find(executionId)
                : this.registry.findByRequest(sessionId, requestId);
        return control != null && (sessionId == null || control.sessionId().equals(sessionId)) ? control : null;
    }

    private static void requireName(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId) {
        if (executionId == null && (requestId == null || sessionId == null)) {
            throw new ExecutionRejectedException(400, "No run named", "name the run by execution_id (or request_id)", null);
        }
    }

    /** Whether the run is lost (see {@link LostRuns}): going nowhere, though its transcript never ended. */
    boolean lost(String executionId) {
        if (this.registry.find(executionId) != null || this.remote.find(null, executionId, null) != null) {
            return false;
        }
        return this.transcripts.read(executionId, 0, 0).filter(RunSteering::neverEnded).isPresent();
    }

    private static boolean neverEnded(TranscriptStore.Page page) {
        return !page.complete() && LocalTranscriptStore.RUNNING.equals(page.status());
    }

    // no live run of that name anywhere: 409 when its transcript shows it ran (in the session), else 404
    private ExecutionRejectedException endedOrUnknown(@Nullable String sessionId, @Nullable String executionId,
            @Nullable String requestId) {
        TranscriptStore.Page page = executionId == null ? null : this.transcripts.read(executionId, 0, 0)
                .filter(found -> sessionId == null || found.sessionId().equals(sessionId)).orElse(null);
        if (page != null && neverEnded(page)) {
            // its transcript never ended: the instance that ran it is gone (its entries expired)
            return new ExecutionRejectedException(409, "Run lost", "run " + executionId + " is no longer going: the"
                    + " instance that ran it is gone; its transcript keeps what it wrote", executionId);
        }
        if (page != null) {
            return ended(executionId);
        }
        return new ExecutionRejectedException(404, "No such run", "no run "
                + (executionId != null ? ExecutionService.abbreviate(executionId)
                        : "with request_id " + ExecutionService.abbreviate(String.valueOf(requestId)))
                + " is going in this session", executionId);
    }

    private static ExecutionRejectedException ended(String executionId) {
        return new ExecutionRejectedException(409, "Run ended", "run " + executionId + " has ended", executionId);
    }
}
