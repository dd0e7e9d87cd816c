package io.ghostide.realtime.execution;

/**
 * Tells the runs that are lost: their transcript never ended, yet no instance runs them any more
 * (in {@code redis} mode the instance that ran one went away, and its entries expired after
 * {@code ghostide.cluster.node-timeout}). A stop or input for such a run is answered
 * {@code 409 Run lost}; nothing announces its end on the session.
 */
@FunctionalInterface
public interface LostRuns {

    /** Whether the run is lost; false for a run going somewhere, one that ended, or one never heard of. */
    boolean lost(String executionId);
}
