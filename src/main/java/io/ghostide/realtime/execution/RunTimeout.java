package io.ghostide.realtime.execution;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The one bound of a run's {@code timeout}: at least {@value #MIN_SECONDS} s and at most
 * {@code ghostide.execution.max-timeout}, which the contract caps at {@value #MAX_SECONDS} s. The
 * REST endpoint and both sockets hand the requested value here unchecked, so 0, 301 and a value
 * over the configured maximum are refused alike.
 */
final class RunTimeout {

    static final int MIN_SECONDS = 1;

    // the contract's cap; ghostide.execution.max-timeout may only lower it
    static final int MAX_SECONDS = 300;

    private RunTimeout() {
    }

    /** The run's wall time: the requested seconds, or the default when the request names none. */
    static Duration of(@Nullable Integer requestedSeconds, ExecutionProperties properties) {
        if (requestedSeconds == null) {
            return properties.defaultTimeout();
        }
        if (requestedSeconds < MIN_SECONDS || requestedSeconds > properties.maxTimeout().toSeconds()) {
            throw new ExecutionRejectedException(400, "Invalid timeout", "timeout must be between " + MIN_SECONDS + " and "
                    + properties.maxTimeout().toSeconds() + " seconds, got " + requestedSeconds, null);
        }
        return Duration.ofSeconds(requestedSeconds);
    }
}
