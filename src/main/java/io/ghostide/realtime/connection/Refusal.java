package io.ghostide.realtime.connection;

/**
 * Why a connection may not have what it asked for, in the words every transport gives the client:
 * the close reason (for a connection that is closed for it), an HTTP-like code (the upgrade's
 * status, the {@code error} message's {@code code}) and the sentence that says which cap it met.
 */
public record Refusal(CloseReason reason, int code, String message) {
}
