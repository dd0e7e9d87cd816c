package io.ghostide.realtime.execution;

import java.io.IOException;
import java.time.Duration;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries one admitted run to its end on the thread of its slot: announces it, runs it in the
 * sandbox, records it and announces how it ended, whatever happens on the way. A run stopped
 * while it waited for a slot ends here too, as a stopped run that printed nothing. Which run gets
 * a slot, and when, is {@link ExecutionService}'s.
 */
final class RunCarrier {

    private static final Log logger = LogFactory.getLog(RunCarrier.class);

    private final CodeRunner runner;

    private final RunAnnouncements announcements;

    private final ExecutionMetrics metrics;

    private final Duration stopGrace;

    RunCarrier(CodeRunner runner, RunAnnouncements announcements, ExecutionMetrics metrics, Duration stopGrace) {
        this.runner = runner;
        this.announcements = announcements;
        this.metrics = metrics;
        this.stopGrace = stopGrace;
    }

    /**
     * Runs {@code request} to its end; its session has heard the end when this returns.
     *
     * @throws ExecutionRejectedException 500 when the sandbox could not carry it out
     */
    ExecutionResult carry(CodeRunner.RunRequest request, RunControl control) {
        control.started();
        String executionId = request.executionId();
        ExecutionResult result = null;
        boolean finished = false;
        long started = System.nanoTime();
        try {
            this.announcements.startedWithHook(request, control);
            result = this.runner.run(request, this.announcements.output(request), control, this.stopGrace);
            // before the session hears the end: a stop or input after it is answered 409
            control.ended();
            this.metrics.recordRun(request.language(), result, Duration.ofNanos(System.nanoTime() - started));
            this.announcements.finished(executionId, result.status().wireName());
            finished = true;
            this.announcements.completed(request, result);
            return result;
        }
        catch (IOException | RuntimeException ex) {
            logger.error("Run " + executionId + " of session " + request.sessionId() + " could not be carried out", ex);
            this.metrics.recordRejected("sandbox_failure");
            String detail = "The run could not be carried out: " + ex.getMessage();
            this.announcements.error(request.sessionId(), executionId, 500, "Sandbox failure", detail);
            throw new ExecutionRejectedException(500, "Sandbox failure", detail, executionId);
        }
        finally {
            control.ended();
            if (!finished) {
                this.announcements.finished(executionId, result != null ? result.status().wireName() : "killed");
            }
        }
    }

    /** The result of a run stopped by {@code by} before it had a slot. */
    static ExecutionResult stoppedWhileQueued(String by) {
        return new ExecutionResult("", "", -1, 0, false, ExecutionResult.Status.STOPPED, false, by);
    }

    /** Ends a run stopped before it had a slot: its session hears it start and end with that result. */
    void endStoppedWhileQueued(CodeRunner.RunRequest request, RunControl control, ExecutionResult result) {
        control.ended();
        this.announcements.started(request, control);
        this.announcements.finished(request.executionId(), result.status().wireName());
        this.announcements.completed(request, result);
    }
}
