package io.ghostide.realtime.messaging;

/** Thrown by a {@link SessionCommandHandler} to answer the sender with an {@code error} of this code. */
public class CommandRejectedException extends RuntimeException {

    private final int code;

    private final String detail;

    public CommandRejectedException(int code, String error, String detail) {
        super(error);
        this.code = code;
        this.detail = detail;
    }

    public int code() {
        return this.code;
    }

    public String detail() {
        return this.detail;
    }
}
