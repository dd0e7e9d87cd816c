package io.ghostide.realtime.sessionlog;

/** A client's {@code since} or {@code epoch} is malformed; the message says which and how. */
public class InvalidResumePointException extends IllegalArgumentException {

    public InvalidResumePointException(String message) {
        super(message);
    }
}
