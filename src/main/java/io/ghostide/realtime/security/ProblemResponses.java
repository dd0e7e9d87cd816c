package io.ghostide.realtime.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals of the filters as RFC 9457 problem details, like every other HTTP error of the
 * server: 401 with {@code WWW-Authenticate: Bearer}, 403, 421. A refused WebSocket upgrade
 * gets the same answer before any socket opens.
 */
final class ProblemResponses {

    private final JsonMapper jsonMapper;

    ProblemResponses(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** 401: no token, or one that is invalid or expired. */
    AuthenticationEntryPoint unauthenticated() {
        return (request, response, ex) -> {
            String detail = detailOf(ex);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, ex instanceof OAuth2AuthenticationException
                    ? "Bearer error=\"invalid_token\"" : "Bearer");
            write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
        };
    }

    /** 403: authenticated, but the role or the token's sessions do not allow it. */
    AccessDeniedHandler forbidden() {
        return (request, response, ex) -> write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
                ex.getMessage() != null && !ex.getMessage().equals("Access Denied") ? ex.getMessage()
                        : "The token's role or sessions do not allow " + request.getMethod() + " "
                                + request.getRequestURI());
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            String detail) throws IOException {
        write(request, response, status.value(), title, detail);
    }

    void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        // the path alone: the query may carry an access token
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
    }

    private static String detailOf(AuthenticationException ex) {
        if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null) {
            return "Invalid token: " + oauth.getError().getDescription();
        }
        return "A token is required: send 'Authorization: Bearer <token>'"
                + " (or ?access_token=<token> on a WebSocket upgrade)";
    }
}
