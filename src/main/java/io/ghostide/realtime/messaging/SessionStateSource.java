package io.ghostide.realtime.messaging;

/**
 * Where the {@code session_state} message comes from: it sees every entry of the session log
 * before the broker does ({@link BrokerDelivery} hands it each one, in {@code seq} order per
 * session), and gives the state of a session at the {@code seq} a resume read from the log.
 * A capture is begun before the log is read and closed once the message is written, so the
 * state at any {@code seq} the read can return is known.
 */
public interface SessionStateSource {

    /**
     * One entry of a session's log, before the broker delivers it: called as
     * {@link io.ghostide.realtime.sessionlog.SessionLogListener#onAppended} is, once per entry, in
     * {@code seq} order and one at a time per session. Never throws and never blocks on a client.
     */
    void onDelivered(String sessionId, long seq, byte[] json);

    /**
     * The log no longer delivers the session's entries here (see
     * {@link io.ghostide.realtime.sessionlog.SessionLogListener#onUnfollowed}): what is known of
     * it is stale from now on.
     */
    default void onUnfollowed(String sessionId) {
    }

    /** Starts remembering what changes the session, from now until the capture is closed. */
    Capture beginCapture(String sessionId);

    /** The session's state from the moment it was begun on. */
    interface Capture extends AutoCloseable {

        /**
         * The {@code data} of {@code session_state}: the session's state after the entry
         * {@code seq} of {@code epoch} and before the next one.
         *
         * @throws SessionStateUnavailableException when that point cannot be found in time
         */
        Object stateAt(String epoch, long seq);

        @Override
        void close();
    }

    /** The state at the asked point could not be made; the client is told to reload it another way. */
    class SessionStateUnavailableException extends RuntimeException {

        public SessionStateUnavailableException(String message) {
            super(message);
        }
    }
}
