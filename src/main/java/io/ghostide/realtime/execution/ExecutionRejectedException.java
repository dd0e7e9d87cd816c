package io.ghostide.realtime.execution;

import org.jspecify.annotations.Nullable;

/**
 * A run refused before it started: answered over HTTP as a problem detail of {@link #status()},
 * and to a socket command as an {@code error} of that code.
 */
class ExecutionRejectedException extends RuntimeException {

    private final int status;

    private final String detail;

    private final @Nullable String executionId;

    ExecutionRejectedException(int status, String title, String detail, @Nullable String executionId) {
        super(title);
        this.status = status;
        this.detail = detail;
        this.executionId = executionId;
    }

    /** A run the caller asked for that is not known here, or that it may not see. */
    static ExecutionRejectedException noSuchRun(String executionId) {
        return new ExecutionRejectedException(404, "No such run", "no run " + executionId + " is known here", executionId);
    }

    /** The HTTP status, also the {@code code} of {@code execution_error} and {@code error}. */
    int status() {
        return this.status;
    }

    /** The short title, such as {@code Too many runs}. */
    String title() {
        return getMessage();
    }

    String detail() {
        return this.detail;
    }

    /** The id the session heard in {@code execution_error}, if it heard one. */
    @Nullable String executionId() {
        return this.executionId;
    }
}
