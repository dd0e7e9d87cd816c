package io.ghostide.realtime.messaging;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The output stream of a program an {@code execution_output} carries; the wire name is the constant in lower case. */
public enum StreamType {

    STDOUT, STDERR;

    /** The name on the wire, as in {@code "stdout"}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
