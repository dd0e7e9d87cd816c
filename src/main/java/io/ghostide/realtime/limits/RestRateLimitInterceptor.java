package io.ghostide.realtime.limits;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Takes the tokens of a REST call that runs code, asks Ghost or writes a file, per client: the
 * authenticated user's name when there is one, else the client's address. A call over the
 * limit is answered 429 before its handler runs, and nothing of it is done.
 *
 * <p>A request takes its token once, on its first dispatch. A run is answered asynchronously,
 * and MVC calls {@code preHandle} again on the async dispatch that writes the answer: taking a
 * token there too would charge every run twice and could answer 429 for a run that was done.
 */
class RestRateLimitInterceptor implements HandlerInterceptor {

    private final RateLimiter limiter;

    private final RateLimiter.Action action;

    RestRateLimitInterceptor(RateLimiter limiter, RateLimiter.Action action) {
        this.limiter = limiter;
        this.action = action;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            // the async or error dispatch of a request whose token was taken
            return true;
        }
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"DELETE".equals(method)) {
            return true;
        }
        RateLimiter.Decision decision = this.limiter.forRestClient(ClientKeys.of(request), this.action);
        if (!decision.allowed()) {
            throw new RateLimitedException("Too many requests from this client; retry in "
                    + decision.retryAfterMillis() + " ms (ghostide.rate-limit.*)", decision.retryAfterMillis());
        }
        return true;
    }
}
