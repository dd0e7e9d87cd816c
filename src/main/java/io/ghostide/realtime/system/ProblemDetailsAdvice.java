package io.ghostide.realtime.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps the project's own exceptions to RFC 9457 problem details; Spring MVC's own errors
 * (bad JSON, failed validation, unknown routes) are problem details through the base class.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

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
