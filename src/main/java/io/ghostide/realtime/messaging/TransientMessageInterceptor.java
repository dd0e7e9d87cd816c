package io.ghostide.realtime.messaging;

import io.ghostide.realtime.connection.ReaderPacing;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Drops a transient message (published with {@link MessageRouter#publishTransient}) for a
 * connection that is behind: one with at least the message's bound of bytes still to write. Such
 * a message is worth something only now (where a cursor is), so a connection that is behind
 * misses it instead of queueing it behind what it has not read; everything with a {@code seq}
 * passes untouched.
 */
@Component
public class TransientMessageInterceptor implements ChannelInterceptor {

    /** The header of a transient message: the backlog, in bytes, at which a connection misses it. */
    static final String DROP_AT_BACKLOG_HEADER = "ghostideDropAtBacklog";

    private final ReaderPacing pacing;

    TransientMessageInterceptor(ReaderPacing pacing) {
        this.pacing = pacing;
    }

    public static boolean isTransient(Message<?> message) {
        return message.getHeaders().get(DROP_AT_BACKLOG_HEADER) instanceof Long;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (!(message.getHeaders().get(DROP_AT_BACKLOG_HEADER) instanceof Long dropAt)) {
            return message;
        }
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (connectionId == null || this.pacing.queued(connectionId) >= dropAt) {
            return null;
        }
        return message;
    }
}
