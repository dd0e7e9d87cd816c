package io.ghostide.realtime.ghost;

/**
 * Where Ghost's answers come from. {@link #stream} starts one answer and returns at once; the
 * answer arrives through the listener as tokens, then exactly one of completion or error,
 * all from one thread at a time. Timeouts are the caller's: it cancels a stream that takes too long.
 */
interface GhostProvider {

    /** A short name for logs and the answer's context, such as {@code offline}. */
    String name();

    /** Starts answering {@code prompt}; never throws for a failure of the answer itself, reports it instead. */
    Stream stream(GhostPrompt prompt, Listener listener);

    /** Receives one answer as it streams. */
    interface Listener {

        void onToken(String delta);

        void onComplete();

        void onError(Failure failure);
    }

    /** A running answer. */
    interface Stream {

        /** Stops the answer and releases what it holds (the HTTP connection); the listener hears nothing more. */
        void cancel();
    }

    /** Why an answer failed: {@code error} is short and shown to users, {@code detail} says more. */
    record Failure(String error, String detail) {
    }
}
