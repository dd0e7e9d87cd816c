package io.ghostide.realtime.workspace;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A session file request that cannot be served; an HTTP call gets it as a problem detail of its
 * status, a {@code save_file} command as an {@code error} of the same code.
 */
class SessionFileException extends ErrorResponseException {

    private final String title;

    private final String detail;

    private SessionFileException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
        this.title = title;
        this.detail = detail;
    }

    static SessionFileException badRequest(String title, String detail) {
        return new SessionFileException(HttpStatus.BAD_REQUEST, title, detail);
    }

    static SessionFileException tooLarge(String detail) {
        return new SessionFileException(HttpStatus.CONTENT_TOO_LARGE, "File too large", detail);
    }

    static SessionFileException sessionFull(String title, String detail) {
        return new SessionFileException(HttpStatus.CONTENT_TOO_LARGE, title, detail);
    }

    static SessionFileException insufficientStorage(String detail) {
        return new SessionFileException(HttpStatus.INSUFFICIENT_STORAGE, "Insufficient storage", detail);
    }

    static SessionFileException unsupportedMediaType(String detail) {
        return new SessionFileException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type", detail);
    }

    static SessionFileException notFound(String sessionId, String fileName) {
        return new SessionFileException(HttpStatus.NOT_FOUND, "File not found",
                "Session " + sessionId + " has no file named " + fileName);
    }

    static SessionFileException storageFailed(String detail) {
        return new SessionFileException(HttpStatus.INTERNAL_SERVER_ERROR, "Storage failure", detail);
    }

    String title() {
        return this.title;
    }

    String detail() {
        return this.detail;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
