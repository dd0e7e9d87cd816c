package io.ghostide.realtime.execution;

import org.jspecify.annotations.Nullable;

/**
 * How a run is asked for, by the endpoint and the {@code execute_code} command alike: kept
 * interactive or not, the client's request id, and the user asking.
 */
record RunOptions(boolean interactive, @Nullable String requestId, String user) {

    /** A run as version 1 asked for it: stdin closed after its input, no request id, anonymous. */
    static final RunOptions NONE = new RunOptions(false, null, "anonymous");
}
