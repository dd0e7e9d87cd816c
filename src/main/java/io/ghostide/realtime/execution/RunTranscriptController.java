package io.ghostide.realtime.execution;

import java.security.Principal;
import java.util.List;

import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs' history over REST: a run's transcript page by page, and a session's retained runs. A run
 * the caller may not see is answered as one that does not exist.
 */
@RestController
@RequestMapping("/api/v1")
class RunTranscriptController {

    /** {@code GET /api/v1/sessions/{id}/executions}. */
    record SessionRuns(String sessionId, List<TranscriptStore.RunSummary> executions) {
    }

    private final TranscriptStore transcripts;

    private final RunControlProperties properties;

    RunTranscriptController(TranscriptStore transcripts, RunControlProperties properties) {
        this.transcripts = transcripts;
        this.properties = properties;
    }

    @GetMapping("/executions/{executionId}/transcript")
    TranscriptStore.Page transcript(@PathVariable String executionId, @RequestParam(defaultValue = "0") int from,
            @Nullable Principal principal) {
        if (from < 0) {
            throw new ExecutionRejectedException(400, "Invalid request", "from must be 0 or more, got " + from, executionId);
        }
        TranscriptStore.Page page = this.transcripts.read(executionId, from, this.properties.transcriptPage())
                .orElseThrow(() -> ExecutionRejectedException.noSuchRun(executionId));
        if (!CallerHolder.callerOf(principal).may(Permission.READ_SESSION, page.sessionId())) {
            throw ExecutionRejectedException.noSuchRun(executionId);
        }
        return page;
    }

    @GetMapping("/sessions/{sessionId}/executions")
    SessionRuns executions(@PathVariable String sessionId) {
        // the filter chain checked read access to the session
        return new SessionRuns(sessionId, this.transcripts.runs(SessionIds.requireValid(sessionId)));
    }
}
