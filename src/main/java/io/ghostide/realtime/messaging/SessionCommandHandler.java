package io.ghostide.realtime.messaging;

/**
 * Implemented by a feature for one client command ({@code execute_code}, {@code ghost_chat},
 * {@code save_file}); both transports dispatch to it. The payload arrives parsed and valid.
 * {@link #handle} runs on the inbound channel and must return quickly: long work goes to the
 * feature's own executor. Throw {@link CommandRejectedException} to answer the sender with
 * an {@code error}.
 *
 * @param <T> the record the command's {@code data} binds to
 */
public interface SessionCommandHandler<T> {

    /** The command this handler implements. */
    MessageType type();

    /** The record that {@code data} binds to, validated with Bean Validation: the type's {@link MessageType#commandPayload()}. */
    @SuppressWarnings("unchecked")
    default Class<T> payloadType() {
        return (Class<T>) java.util.Objects.requireNonNull(type().commandPayload());
    }

    void handle(CommandContext context, T payload);
}
