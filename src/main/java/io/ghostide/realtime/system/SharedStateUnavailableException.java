package io.ghostide.realtime.system;

/**
 * The store that several instances share (Redis, in {@code ghostide.cluster.mode=redis}) did
 * not answer, so what needed it was not done: a command is answered with {@code error} 503 and
 * a REST call with 503. Nothing was changed.
 */
public class SharedStateUnavailableException extends RuntimeException {

    public SharedStateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
