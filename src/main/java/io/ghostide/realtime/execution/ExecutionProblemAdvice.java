package io.ghostide.realtime.execution;

import java.net.URI;

import io.ghostide.realtime.system.Violations;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a refused run with an RFC 9457 problem detail; a 429 says when to try again. Ordered
 * before the application's general advice, so that an invalid request names its fields here.
 */
@RestControllerAdvice(assignableTypes = { ExecutionController.class, RunControlController.class,
        RunTranscriptController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExecutionProblemAdvice {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException ex, HttpServletRequest request) {
        return rejected(new ExecutionRejectedException(400, "Invalid request",
                Violations.describeFieldErrors(ex.getBindingResult().getFieldErrors()), null), request);
    }

    @ExceptionHandler(ExecutionRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(ExecutionRejectedException ex, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(ex.status()), ex.detail());
        problem.setTitle(ex.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        String executionId = ex.executionId();
        if (executionId != null) {
            problem.setProperty("execution_id", executionId);
        }
        HttpHeaders headers = new HttpHeaders();
        if (ex.status() == 429) {
            headers.set(HttpHeaders.RETRY_AFTER, "1");
        }
        return ResponseEntity.status(ex.status()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
