package io.ghostide.realtime.system;

import org.jspecify.annotations.Nullable;

/** Thrown when a session id does not match {@link SessionIds#PATTERN}; answered with 400. */
public class InvalidSessionIdException extends IllegalArgumentException {

    public InvalidSessionIdException(@Nullable String sessionId) {
        super("Invalid session id '" + abbreviate(sessionId) + "': it must match " + SessionIds.PATTERN);
    }

    private static String abbreviate(@Nullable String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
