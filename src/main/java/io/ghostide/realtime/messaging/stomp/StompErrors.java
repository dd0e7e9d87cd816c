package io.ghostide.realtime.messaging.stomp;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/** The STOMP ERROR frame a refused client frame is answered with; sending it closes that connection. */
public final class StompErrors {

    private static final Log logger = LogFactory.getLog(StompErrors.class);

    private StompErrors() {
    }

    /**
     * Refuses a client's frame: answers it with an ERROR frame on {@code clientOutboundChannel} and
     * returns null, for an interceptor's {@code preSend} to drop the frame with.
     */
    public static @Nullable Message<?> refuse(MessageChannel clientOutboundChannel, String connectionId, String reason) {
        if (logger.isDebugEnabled()) {
            logger.debug("Refused a frame of connection " + connectionId + ": " + reason);
        }
        clientOutboundChannel.send(errorFrame(connectionId, reason));
        return null;
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
