package io.ghostide.realtime.connection;

/** How a connection talks to the server. */
public enum Transport {

    /** Plain JSON envelopes at {@code /ws/{sessionId}}. */
    RAW("raw"),

    /** STOMP 1.2 frames at {@code /stomp}. */
    STOMP("stomp");

    private final String tag;

    Transport(String tag) {
        this.tag = tag;
    }

    /** The value used for this transport in metric tags. */
    public String tag() {
        return this.tag;
    }
}
