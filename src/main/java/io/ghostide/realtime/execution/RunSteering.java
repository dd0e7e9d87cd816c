package io.ghostide.realtime.execution;

import java.util.function.BiConsumer;

import io.ghostide.realtime.messaging.MessageRouter;
import org.jspecify.annotations.Nullable;

/**
 * Steers the runs that are going: stops one, gives one input. A run is found by its id (or the
 * request id its client gave) among this instance's runs; one that ended is told apart from one
 * that never was by its transcript.
 */
final class RunSteering {

    private final RunRegistry registry;

    private final TranscriptStore transcripts;

    private final MessageRouter router;

    private final RunControlProperties properties;

    // takes a stopped run out of the queue, if it still waits there
    private final BiConsumer<RunControl, String> dequeue;

    RunSteering(RunRegistry registry, TranscriptStore transcripts, MessageRouter router, RunControlProperties properties,
            BiConsumer<RunControl, String> dequeue) {
        this.registry = registry;
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
     * @return the run's control, for the caller's access check
     * @throws ExecutionRejectedException 404 for a run unknown here, 409 for one that ended
     */
    RunControl stop(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId, String by) {
        RunControl control = liveRun(sessionId, executionId, requestId);
        if (!control.stop(by)) {
            throw ended(control.executionId());
        }
        this.dequeue.accept(control, by);
        return control;
    }

    /** The live run named by its id or its client's request id, in the session when one is given. */
    RunControl liveRun(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId) {
        if (executionId == null && (requestId == null || sessionId == null)) {
            throw new ExecutionRejectedException(400, "No run named", "name the run by execution_id (or request_id)", null);
        }
        RunControl control = executionId != null ? this.registry.find(executionId)
                : this.registry.findByRequest(sessionId, requestId);
        if (control != null && (sessionId == null || control.sessionId().equals(sessionId))) {
            return control;
        }
        if (executionId != null && this.transcripts.read(executionId, 0, 0)
                .filter(page -> sessionId == null || page.sessionId().equals(sessionId)).isPresent()) {
            throw ended(executionId);
        }
        throw new ExecutionRejectedException(404, "No such run", "no run "
                + (executionId != null ? ExecutionService.abbreviate(executionId) : "with request_id " + ExecutionService.abbreviate(requestId))
                + " is going in this session", executionId);
    }

    private static ExecutionRejectedException ended(String executionId) {
        return new ExecutionRejectedException(409, "Run ended", "run " + executionId + " has ended", executionId);
    }

    /**
     * Gives text to an interactive run's stdin (and closes it with {@code eof}), published on the
     * session in order with the run's output.
     *
     * @throws ExecutionRejectedException 404 unknown run, 409 ended, not interactive or stdin closed,
     *         413 past the run's input bound, 400 nothing to give
     */
    void input(String sessionId, String executionId, @Nullable String data, boolean eof, String user) {
        String text = data == null ? "" : data;
        if (text.isEmpty() && !eof) {
            throw new ExecutionRejectedException(400, "No input", "execution_input needs data, or eof: true", executionId);
        }
        RunControl control = liveRun(sessionId, executionId, null);
        switch (control.admit(text, eof)) {
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
        control.inOrderWithOutput(() -> {
            this.router.notifyExecutionInput(sessionId, executionId, text, eof, user);
            if (!text.isEmpty()) {
                this.transcripts.append(executionId, "input", text);
            }
        });
        control.write(text, eof);
    }

}
