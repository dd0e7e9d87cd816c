package io.ghostide.realtime.execution;

import java.time.Clock;

import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.hooks.HookEvent;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.hooks.RunStarted;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a run's session and its transcript hear of it, in order: {@code execution_start} and the
 * {@code on_run} hook, the output ({@link SessionOutput}), then {@code execution_complete} and, if
 * it failed, {@code on_error}; or {@code execution_error} for a run that could not be carried out.
 * The transcript is opened before the start is heard and is whole before the end is, so a client
 * may read it at once. What the session hears of a result is bounded ({@link SessionResults}).
 */
final class RunAnnouncements {

    private static final Log logger = LogFactory.getLog(RunAnnouncements.class);

    private final MessageRouter router;

    private final ReaderPacing pacing;

    private final HookPublisher hooks;

    private final TranscriptStore transcripts;

    private final ExecutionProperties properties;

    private final Clock clock;

    RunAnnouncements(MessageRouter router, ReaderPacing pacing, HookPublisher hooks, TranscriptStore transcripts,
            ExecutionProperties properties, Clock clock) {
        this.router = router;
        this.pacing = pacing;
        this.hooks = hooks;
        this.transcripts = transcripts;
        this.properties = properties;
        this.clock = clock;
    }

    /** Opens the run's transcript and tells the session it started ({@code execution_start}). */
    void started(CodeRunner.RunRequest request, RunControl control) {
        this.transcripts.open(request.executionId(), request.sessionId(), request.language().id(), this.clock.instant());
        this.router.publishExecutionStart(request.sessionId(), request.executionId(), request.language().id(),
                request.code(), control.interactive(), control.requestId(), control.user());
    }

    /** {@link #started}, then the {@code on_run} hook. */
    void startedWithHook(CodeRunner.RunRequest request, RunControl control) {
        started(request, control);
        fire(new RunStarted(request.sessionId(), request.executionId(), request.language().id(), request.code()));
    }

    /** Where the run's output goes: its session, at its slowest reader's pace, and its transcript. */
    SessionOutput output(CodeRunner.RunRequest request) {
        return new SessionOutput(this.router, this.pacing, this.transcripts, this.properties, request.sessionId(),
                request.executionId(), request.timeout());
    }

    /** Closes the transcript with the run's final status. */
    void finished(String executionId, String status) {
        this.transcripts.finish(executionId, status);
    }

    /** Tells the session the run ended ({@code execution_complete}, its result bounded), then {@code on_error} if it failed. */
    void completed(CodeRunner.RunRequest request, ExecutionResult result) {
        ExecutionResult heard = SessionResults.bounded(result);
        this.router.publishExecutionComplete(request.sessionId(), request.executionId(), heard);
        if (result.failed()) {
            fire(new RunFailed(request.sessionId(), request.executionId(), request.language().id(), request.code(),
                    heard));
        }
    }

    /** Tells the session a run could not be carried out ({@code execution_error}); a session that cannot be told is logged. */
    void error(String sessionId, String executionId, int code, String error, String detail) {
        try {
            this.router.publishExecutionError(sessionId, executionId, error, detail, code);
        }
        catch (RuntimeException ex) {
            logger.warn("Could not tell session " + sessionId + " that run " + executionId + " failed", ex);
        }
    }

    // a listener of the hook (Ghost AI) that fails must not fail the run
    private void fire(HookEvent event) {
        try {
            this.hooks.fire(event);
        }
        catch (RuntimeException ex) {
            logger.warn("A listener of " + event.hookType().wireName() + " failed", ex);
        }
    }
}
