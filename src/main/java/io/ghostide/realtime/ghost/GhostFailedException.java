package io.ghostide.realtime.ghost;

/** An answer ended in {@code ai_error}; {@code timedOut} when it was a first-token or total timeout. */
class GhostFailedException extends RuntimeException {

    private final GhostProvider.Failure failure;

    private final boolean timedOut;

    GhostFailedException(GhostProvider.Failure failure, boolean timedOut) {
        super(failure.error() + ": " + failure.detail());
        this.failure = failure;
        this.timedOut = timedOut;
    }

    GhostProvider.Failure failure() {
        return this.failure;
    }

    boolean timedOut() {
        return this.timedOut;
    }
}
