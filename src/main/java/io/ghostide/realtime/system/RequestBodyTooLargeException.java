package io.ghostide.realtime.system;

import java.io.IOException;

/**
 * A request body read past its endpoint's size (one without a {@code Content-Length}, or
 * longer than it said): an {@link IOException}, so that it ends the read wherever it happens,
 * inside Jackson too, and is answered as {@link JsonReadLimits#refusalOf} says.
 */
final class RequestBodyTooLargeException extends IOException {

    private final transient JsonReadLimits.Refusal refusal;

    RequestBodyTooLargeException(JsonReadLimits.Refusal refusal) {
        super(refusal.detail());
        this.refusal = refusal;
    }

    JsonReadLimits.Refusal refusal() {
        return this.refusal;
    }
}
