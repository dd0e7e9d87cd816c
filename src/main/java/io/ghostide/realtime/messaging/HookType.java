package io.ghostide.realtime.messaging;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The IDE hooks a {@code hook_triggered} message names; the wire name is the constant in lower case. */
public enum HookType {

    ON_RUN, ON_ERROR, ON_SAVE;

    /** The name on the wire, as in {@code "on_run"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
