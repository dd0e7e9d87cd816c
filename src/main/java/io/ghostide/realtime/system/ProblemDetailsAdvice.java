package io.ghostide.realtime.system;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps the project's own exceptions to RFC 9457 problem details; Spring MVC's own errors
 * (bad JSON, failed validation, unknown routes) are problem details through the base class.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private final JsonReadLimits jsonLimits;

    ProblemDetailsAdvice(JsonReadLimits jsonLimits) {
        this.jsonLimits = jsonLimits;
    }

    /** A body past a limit on JSON input is 413 or 400 in the project's words, not Jackson's. */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JsonReadLimits.Refusal refusal = this.jsonLimits.refusalOf(ex);
        if (refusal == null) {
            return super.handleHttpMessageNotReadable(ex, headers, status, request);
        }
        HttpStatusCode refused = HttpStatusCode.valueOf(refusal.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refused, refusal.detail());
        problem.setTitle(refusal.title());
        HttpHeaders close = new HttpHeaders();
        // the rest of the body is left unread; the connection is not reused
        close.setConnection("close");
        return handleExceptionInternal(ex, problem, close, refused, request);
    }

    @ExceptionHandler(InvalidSessionIdException.class)
    ProblemDetail invalidSessionId(InvalidSessionIdException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid session id");
        return problem;
    }

    @ExceptionHandler(SharedStateUnavailableException.class)
    ProblemDetail sharedStateUnavailable(SharedStateUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Shared state unavailable");
        return problem;
    }
}
