package io.ghostide.realtime.system;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body before anything binds it: a body on a path with a
 * {@link JsonInputLimit} may be that large, any other the largest JSON document the server
 * takes. A {@code Content-Length} past it is answered with 413 before the body is bound (it is
 * read and dropped first when it is not too large to, see {@link RefusedBodies}); a body
 * without one (chunked) is counted as it is read and fails the read where it passes the size.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** A path's limit. */
    private record Bound(PathPattern pattern, JsonInputLimit limit) {
    }

    private final List<Bound> bounds;

    private final JsonReadLimits limits;

    private final JsonMapper jsonMapper;

    RequestBodyLimitFilter(List<JsonInputLimit> inputs, JsonReadLimits limits, JsonMapper jsonMapper) {
        this.bounds = inputs.stream().filter(input -> input.path() != null)
                .map(input -> new Bound(PathPatternParser.defaultInstance.parse(input.path()), input)).toList();
        this.limits = limits;
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        long max = this.limits.maxDocumentBytes();
        String properties = this.limits.properties();
        for (Bound bound : this.bounds) {
            if (bound.pattern().matches(path)) {
                max = bound.limit().maxDocumentBytes();
                properties = bound.limit().properties();
                break;
            }
        }
        JsonReadLimits.Refusal refusal = new JsonReadLimits.Refusal(413, "Request too large", "The body may have at "
                + "most " + max + " bytes here (from " + properties + ")");
        long declared = request.getContentLengthLong();
        if (declared > max) {
            // a client that sent Expect: 100-continue sends nothing more: nothing is read then
            if (request.getHeader(HttpHeaders.EXPECT) == null && RefusedBodies.worthDraining(declared)) {
                RefusedBodies.drain(request.getInputStream());
            }
            refuse(request, response, refusal);
            return;
        }
        chain.doFilter(declared == 0 ? request : new BoundedRequest(request, max, refusal), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, JsonReadLimits.Refusal refusal)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(refusal.status()), refusal.detail());
        problem.setTitle(refusal.title());
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // what is left of the body stays unread; the connection is not reused
        response.setHeader("Connection", "close");
        response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(problem));
    }

    /** A request whose body fails its read past {@code max} bytes. */
    private static final class BoundedRequest extends HttpServletRequestWrapper {

        private final long max;

        private final JsonReadLimits.Refusal refusal;

        private ServletInputStream body;

        BoundedRequest(HttpServletRequest request, long max, JsonReadLimits.Refusal refusal) {
            super(request);
            this.max = max;
            this.refusal = refusal;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (this.body == null) {
                this.body = new BoundedInputStream(super.getInputStream(), this.max, this.refusal);
            }
            return this.body;
        }
    }

    /** Counts the bytes read and fails the read that passes {@code max}. */
    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private final long max;

        private final JsonReadLimits.Refusal refusal;

        private long read;

        BoundedInputStream(ServletInputStream in, long max, JsonReadLimits.Refusal refusal) {
            this.in = in;
            this.max = max;
            this.refusal = refusal;
        }

        @Override
        public int read() throws IOException {
            int b = this.in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            count(0);
            // one byte past the bound is enough to know the body is too large
            int n = this.in.read(buffer, offset, (int) Math.min(length, this.max - this.read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        // 0 checks again: a caller that reads on after the refusal is refused again
        private void count(int n) throws IOException {
            this.read += n;
            if (this.read > this.max) {
                throw new RequestBodyTooLargeException(this.refusal);
            }
        }

        @Override
        public boolean isFinished() {
            return this.in.isFinished();
        }

        @Override
        public boolean isReady() {
            return this.in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            this.in.setReadListener(listener);
        }
    }
}
