package io.ghostide.realtime.execution;

import java.security.Principal;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/executions/{id}/stop}: stops a run that is going, wherever it runs. A run
 * the caller may not see is answered as one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class RunControlController {

    /** The answer to a stop: the run is being stopped; the session hears how it ended. */
    record Stopping(String executionId, String sessionId, String status) {
    }

    private final RunSteering steering;

    private final TranscriptStore transcripts;

    RunControlController(RunSteering steering, TranscriptStore transcripts) {
        this.steering = steering;
        this.transcripts = transcripts;
    }

    @PostMapping("/executions/{executionId}/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Stopping stop(@PathVariable String executionId, @Nullable Principal principal) {
        Caller caller = CallerHolder.callerOf(principal);
        RunSteering.LiveRun run;
        try {
            run = visible(this.steering.liveRun(null, executionId, null), caller);
        }
        catch (ExecutionRejectedException ex) {
            throw unlessReadable(ex, executionId, caller);
        }
        String by = caller.user() != null ? caller.user() : "anonymous";
        this.steering.stop(run.sessionId(), executionId, null, by);
        return new Stopping(executionId, run.sessionId(), "stopping");
    }

    private static RunSteering.LiveRun visible(RunSteering.LiveRun run, Caller caller) {
        if (!caller.may(Permission.READ_SESSION, run.sessionId())) {
            throw ExecutionRejectedException.noSuchRun(run.executionId());
        }
        if (!caller.may(Permission.RUN_CODE, run.sessionId())) {
            throw new ExecutionRejectedException(403, "Forbidden", "stopping a run needs a role that may run code in its"
                    + " session", run.executionId());
        }
        return run;
    }

    // a run that ended is told apart from an unknown one only to those who may read its session
    private ExecutionRejectedException unlessReadable(ExecutionRejectedException refusal, String executionId,
            Caller caller) {
        if (refusal.status() != 409) {
            return refusal;
        }
        boolean readable = this.transcripts.read(executionId, 0, 0)
                .filter(page -> caller.may(Permission.READ_SESSION, page.sessionId())).isPresent();
        return readable ? refusal : ExecutionRejectedException.noSuchRun(executionId);
    }
}
