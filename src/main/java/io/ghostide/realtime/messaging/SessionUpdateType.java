package io.ghostide.realtime.messaging;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What changed in a {@code session_update}; the wire name is the constant in lower case. */
public enum SessionUpdateType {

    FILE_ADDED, FILE_UPDATED, FILE_DELETED;

    /** The name on the wire, as in {@code "file_added"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
