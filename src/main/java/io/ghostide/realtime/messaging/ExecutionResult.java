package io.ghostide.realtime.messaging;

/**
 * The outcome of one run, as the contract defines it: carried by {@code execution_complete}
 * and returned by the execute endpoint. {@code executionTime} is in seconds; {@code stoppedBy}
 * names the user who stopped a run ({@code status: stopped}), and is left out otherwise.
 */
public record ExecutionResult(String stdout, String stderr, int exitCode, double executionTime, boolean timedOut,
        Status status, boolean truncated,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @org.jspecify.annotations.Nullable String stoppedBy) {

    /** A result that nobody stopped. */
    public ExecutionResult(String stdout, String stderr, int exitCode, double executionTime, boolean timedOut,
            Status status, boolean truncated) {
        this(stdout, stderr, exitCode, executionTime, timedOut, status, truncated, null);
    }

    /** How a run ended. */
    public enum Status {
        OK("ok"), RUNTIME_ERROR("runtime_error"), COMPILATION_ERROR("compilation_error"), TIMED_OUT("timed_out"),
        OUTPUT_LIMIT_EXCEEDED("output_limit_exceeded"), MEMORY_LIMIT_EXCEEDED("memory_limit_exceeded"),
        KILLED("killed"), STOPPED("stopped");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return this.wireName;
        }
    }

    /** Whether the run counts as failed, which triggers the {@code on_error} hook. */
    public boolean failed() {
        return this.status != Status.OK;
    }
}
