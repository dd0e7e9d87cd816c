package io.ghostide.realtime.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.ghostide.realtime.identity.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code none} mode: every request is an anonymous caller that may do everything, named by its
 * {@code name} query parameter when it gives one (a raw WebSocket's user in presence). A name
 * that breaks {@link Caller#NAME_RULE} is refused with 400.
 */
final class AnonymousCallerFilter extends OncePerRequestFilter {

    static final String NAME_PARAMETER = "name";

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    private final ProblemResponses problems;

    AnonymousCallerFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    /** A query parameter, never read from a form body (which would consume a request's body). */
    static @Nullable String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        String value = UriComponentsBuilder.newInstance().query(query).build().getQueryParams().getFirst(name);
        try {
            return value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            // a broken %-escape: not a name this server can accept
            return "\0";
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String name = queryParameter(request, NAME_PARAMETER);
        if (name != null && !Caller.isValidName(name)) {
            this.problems.write(request, response, HttpStatus.BAD_REQUEST, "Invalid name",
                    "The 'name' parameter must be " + Caller.NAME_RULE);
            return;
        }
        var context = this.contexts.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(Caller.anonymous(name)));
        this.contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        }
        finally {
            this.contexts.clearContext();
        }
    }
}
