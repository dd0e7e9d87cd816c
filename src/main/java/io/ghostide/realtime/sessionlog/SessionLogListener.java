package io.ghostide.realtime.sessionlog;

/**
 * Receives every entry of the session log on this instance, once each and in {@code seq}
 * order per session, to deliver it to this instance's subscribers.
 */
@FunctionalInterface
public interface SessionLogListener {

    /**
     * One entry of a session's log. Called for one session by one thread at a time; the
     * implementation must not block on a subscriber.
     *
     * @param json the whole serialized envelope, {@code seq} included; never modified afterwards
     */
    void onAppended(String sessionId, long seq, byte[] json);

    /**
     * A message without a {@code seq} that another instance sent to the session (see
     * {@link SessionLog#broadcastTransient}); a subscriber with {@code dropAtBacklog} bytes or
     * more still to write misses it. Not called for what this instance sent itself.
     */
    default void onTransient(String sessionId, byte[] json, long dropAtBacklog) {
    }

    /**
     * This instance no longer hears the session's entries (a shared log stopped following a
     * session nobody here uses); a later read starts following it again from that read's
     * position, so what came in between is never delivered here. Called on the session's
     * delivery order, after its last delivery.
     */
    default void onUnfollowed(String sessionId) {
    }
}
