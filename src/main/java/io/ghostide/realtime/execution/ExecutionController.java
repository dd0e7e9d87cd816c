package io.ghostide.realtime.execution;

import java.security.Principal;
import java.util.concurrent.CompletionException;

import io.ghostide.realtime.limits.ClientKeys;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.identity.Permission;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.system.SessionIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /api/v1/execution/execute/websocket}: runs code and answers with its
 * ExecutionResult once it ended, while the session hears it run. The run is answered
 * asynchronously, so no request thread waits for a program; the wait is bounded per request, not
 * by the container's default async timeout (30 s), since a run may take up to 300 s and wait in
 * the queue first.
 */
@RestController
@RequestMapping("/api/v1")
class ExecutionController {

    private final ExecutionService service;

    ExecutionController(ExecutionService service) {
        this.service = service;
    }

    @PostMapping("/execution/execute/websocket")
    DeferredResult<ExecutionResult> execute(@Valid @RequestBody ExecuteRequest request, HttpServletRequest http,
            @Nullable Principal principal) {
        String sessionId = SessionIds.requireValid(request.sessionId());
        if (!CallerHolder.callerOf(principal).may(Permission.RUN_CODE, sessionId)) {
            // the filter chain checked the role; the session is in the body, so it is checked here
            throw new AccessDeniedException("This token does not cover session " + sessionId);
        }
        Caller caller = CallerHolder.callerOf(principal);
        ExecutionService.Submission submission = this.service.submit(sessionId, ClientKeys.of(http), request.code(),
                request.language(), request.timeout(), request.input(),
                new RunOptions(Boolean.TRUE.equals(request.interactive()), request.requestId(),
                        caller.user() != null ? caller.user() : "anonymous"));
        DeferredResult<ExecutionResult> response = new DeferredResult<>(this.service.responseTimeout().toMillis());
        response.onTimeout(() -> response.setErrorResult(new ExecutionRejectedException(503, "Run not finished",
                "the run did not end within " + this.service.responseTimeout().toSeconds() + " s",
                submission.executionId())));
        submission.result().whenComplete((result, failure) -> {
            if (failure != null) {
                response.setErrorResult(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
            else {
                response.setResult(result);
            }
        });
        return response;
    }
}
