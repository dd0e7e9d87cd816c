package io.ghostide.realtime.messaging.stomp;

import java.nio.charset.StandardCharsets;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/** The STOMP ERROR frame a refused client frame is answered with; sending it closes that connection. */
public final class StompErrors {

    private StompErrors() {
    }

    /** An ERROR frame for one connection, for the client outbound channel, with the reason as header and body. */
    public static Message<byte[]> errorFrame(String connectionId, String reason) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(reason);
        error.setSessionId(connectionId);
        error.setContentType(MimeTypeUtils.TEXT_PLAIN);
        return MessageBuilder.createMessage(reason.getBytes(StandardCharsets.UTF_8), error.getMessageHeaders());
    }
}
