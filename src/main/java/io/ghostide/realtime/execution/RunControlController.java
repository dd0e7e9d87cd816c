package io.ghostide.realtime.execution;

import java.security.Principal;
import java.util.List;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs over REST once they are going: stop one, read a run's transcript page by page, list a
 * session's retained runs. A run a caller may not see is answered as one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class RunControlController {

    /** The answer to a stop: the run is being stopped; the session hears how it ended. */
    record Stopping(String executionId, String sessionId, String status) {
    }

    /** {@code GET /api/v1/sessions/{id}/executions}. */
    record SessionRuns(String sessionId, List<TranscriptStore.RunSummary> executions) {
    }

    private final ExecutionService service;

    private final RunControlProperties properties;

    RunControlController(ExecutionService service, RunControlProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @PostMapping("/executions/{executionId}/stop")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Stopping stop(@PathVariable String executionId, @Nullable Principal principal) {
        Caller caller = CallerHolder.callerOf(principal);
        RunSteering.LiveRun run;
        try {
            run = visible(this.service.steering().liveRun(null, executionId, null), caller);
        }
        catch (ExecutionRejectedException ex) {
            throw unlessReadable(ex, executionId, caller);
        }
        String by = caller.user() != null ? caller.user() : "anonymous";
        this.service.steering().stop(run.sessionId(), executionId, null, by);
        return new Stopping(executionId, run.sessionId(), "stopping");
    }

    @GetMapping("/executions/{executionId}/transcript")
    TranscriptStore.Page transcript(@PathVariable String executionId, @RequestParam(defaultValue = "0") int from,
            @Nullable Principal principal) {
        if (from < 0) {
            throw new ExecutionRejectedException(400, "Invalid request", "from must be 0 or more, got " + from, executionId);
        }
        TranscriptStore.Page page = this.service.transcripts().read(executionId, from, this.properties.transcriptPage())
                .orElseThrow(() -> unknown(executionId));
        if (!CallerHolder.callerOf(principal).may(Permission.READ_SESSION, page.sessionId())) {
            throw unknown(executionId);
        }
        return page;
    }

    @GetMapping("/sessions/{sessionId}/executions")
    SessionRuns executions(@PathVariable String sessionId) {
        // the filter chain checked read access to the session
        return new SessionRuns(sessionId, this.service.transcripts().runs(SessionIds.requireValid(sessionId)));
    }

    private static RunSteering.LiveRun visible(RunSteering.LiveRun run, Caller caller) {
        if (!caller.may(Permission.READ_SESSION, run.sessionId())) {
            throw unknown(run.executionId());
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
        boolean readable = this.service.transcripts().read(executionId, 0, 0)
                .filter(page -> caller.may(Permission.READ_SESSION, page.sessionId())).isPresent();
        return readable ? refusal : unknown(executionId);
    }

    private static ExecutionRejectedException unknown(String executionId) {
        return new ExecutionRejectedException(404, "No such run", "no run " + executionId + " is known here", executionId);
    }
}
