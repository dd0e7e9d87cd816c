package io.ghostide.realtime.ghost;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SessionIds;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /api/v1/ghost/chat/{session_id}} with {@code {message, context?}}: the session sees
 * the answer stream as with {@code ghost_chat}, and the call answers with Ghost's message once it
 * is complete, or with a problem detail: 502 when the provider failed, 504 on a timeout, 429 when
 * too many questions wait.
 */
@RestController
class GhostChatController {

    private final GhostResponder responder;

    private final GhostProperties properties;

    GhostChatController(GhostResponder responder, GhostProperties properties) {
        this.responder = responder;
        this.properties = properties;
    }

    @PostMapping("/api/v1/ghost/chat/{sessionId}")
    DeferredResult<Payloads.GhostMessage> chat(@PathVariable String sessionId,
            @Valid @RequestBody ClientCommands.GhostChat request) {
        SessionIds.requireValid(sessionId);
        String tooLarge = GhostContextLimit.problemWith(request.context(), this.properties.maxContextSize());
        if (tooLarge != null) {
            throw problem(HttpStatus.CONTENT_TOO_LARGE, "Context too large", tooLarge);
        }
        // a question may wait for the answer before it, so the call gets twice the total timeout
        DeferredResult<Payloads.GhostMessage> result = new DeferredResult<>(
                this.properties.totalTimeout().multipliedBy(2).toMillis(),
                () -> problem(HttpStatus.GATEWAY_TIMEOUT, "Ghost is still answering",
                        "The answer will still arrive on the session as ai_response"));
        try {
            this.responder.chat(sessionId, request.message(), request.context()).whenComplete((message, failure) -> {
                if (message != null) {
                    result.setResult(message);
                }
                else {
                    result.setErrorResult(asProblem(failure));
                }
            });
        }
        catch (GhostBusyException ex) {
            throw problem(HttpStatus.TOO_MANY_REQUESTS, "Ghost is busy", ex.getMessage());
        }
        return result;
    }

    private static ErrorResponseException asProblem(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof GhostFailedException failed) {
            return problem(failed.timedOut() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY,
                    failed.failure().error(), failed.failure().detail());
        }
        if (cause instanceof SharedStateUnavailableException) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", cause.getMessage());
        }
        if (cause instanceof CancellationException) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Ghost stopped", String.valueOf(cause.getMessage()));
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Ghost failed", "The answer could not be produced");
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
