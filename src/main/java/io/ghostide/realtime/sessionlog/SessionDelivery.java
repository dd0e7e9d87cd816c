package io.ghostide.realtime.sessionlog;

/** What this instance has delivered of one session of the Redis log; touched only on the session's stripe. */
final class SessionDelivery {

    String epoch;

    long delivered;

    // a gap could not be filled because Redis failed; nothing later is delivered until it is
    boolean behind;

    SessionDelivery(String epoch, long delivered) {
        this.epoch = epoch;
        this.delivered = delivered;
    }

    void restart(String newEpoch) {
        this.epoch = newEpoch;
        this.delivered = 0;
        this.behind = false;
    }
}
