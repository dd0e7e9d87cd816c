package io.ghostide.realtime.messaging;

import org.jspecify.annotations.Nullable;

/**
 * How a client asks for {@code session_state} when it subscribes: the SUBSCRIBE header, or the
 * raw query parameter, {@code state}, whose value is {@code true} or {@code false}. Anything else
 * is refused, as a malformed resume point is, rather than read as either.
 */
public final class StateRequests {

    /** The header and query parameter. */
    public static final String NAME = "state";

    private StateRequests() {
    }

    /**
     * Whether the value asks for the state: {@code true} does, {@code false} or none does not.
     *
     * @throws IllegalArgumentException for any other value, with a message naming what is allowed
     */
    public static boolean parse(@Nullable String value) {
        if (value == null || "false".equals(value)) {
            return false;
        }
        if ("true".equals(value)) {
            return true;
        }
        throw new IllegalArgumentException("'" + NAME + "' must be true or false");
    }
}
