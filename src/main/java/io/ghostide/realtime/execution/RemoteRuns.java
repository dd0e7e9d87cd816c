package io.ghostide.realtime.execution;

import org.jspecify.annotations.Nullable;

/**
 * The live runs of the other instances, for stops and input that arrive on an instance that does
 * not run the program. This instance claims each run it takes and releases it when the run ends;
 * a run claimed elsewhere is found here and steered on its owner, which answers as it would
 * locally. In {@code local} mode there are no other instances ({@link #NONE}).
 */
interface RemoteRuns {

    /** No other instance: {@code local} mode. */
    RemoteRuns NONE = new RemoteRuns() {
    };

    /** A run on another instance. */
    record RemoteRun(String executionId, String sessionId, String nodeId) {
    }

    /** Steers this instance's runs with {@code steering} when another instance asks. */
    default void serve(RunSteering steering) {
    }

    /** This instance runs {@code control} from now on (it may still wait for a slot). */
    default void claim(RunControl control) {
    }

    /** This instance no longer runs {@code control}: it ended. */
    default void release(RunControl control) {
    }

    /** The live run of another instance with this id, or with this request id in the session; null when none. */
    default @Nullable RemoteRun find(@Nullable String sessionId, @Nullable String executionId,
            @Nullable String requestId) {
        return null;
    }

    /**
     * Stops the run on its instance.
     *
     * @throws ExecutionRejectedException the owner's refusal (404, 409), or 503 when it does not answer in time
     */
    default void stop(RemoteRun run, String by) {
        throw new IllegalStateException("No other instance runs " + run.executionId());
    }

    /**
     * Gives input to the run on its instance.
     *
     * @throws ExecutionRejectedException the owner's refusal (404, 409, 413), or 503 when it does not answer in time
     */
    default void input(RemoteRun run, String data, boolean eof, String user) {
        throw new IllegalStateException("No other instance runs " + run.executionId());
    }
}
