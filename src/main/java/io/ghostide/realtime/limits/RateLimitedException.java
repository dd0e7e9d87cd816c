package io.ghostide.realtime.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A REST call over its client's rate limit: HTTP 429 with {@code Retry-After}, as a problem detail. */
public class RateLimitedException extends ErrorResponseException {

    RateLimitedException(String detail, long retryAfterMillis) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(detail, retryAfterMillis), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
    }

    private static ProblemDetail problem(String detail, long retryAfterMillis) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setTitle("Too many requests");
        problem.setProperty("retry_after_ms", retryAfterMillis);
        return problem;
    }
}
