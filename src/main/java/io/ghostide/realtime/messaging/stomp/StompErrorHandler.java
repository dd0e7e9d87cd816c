package io.ghostide.realtime.messaging.stomp;

import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * The STOMP ERROR frame a client gets when its frame could not be handled, in the project's own
 * words: a message that names an internal class (such as the framework's "No enum constant …"
 * for an unknown command) is replaced by what was wrong with the frame.
 */
class StompErrorHandler extends StompSubProtocolErrorHandler {

    private static final Log logger = LogFactory.getLog(StompErrorHandler.class);

    // a qualified Java name: package parts, then a name
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Za-z_$][\\w$]*");

    @Override
    public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
            Throwable ex) {
        String words = words(ex);
        if (logger.isDebugEnabled()) {
            logger.debug("Refused a STOMP frame: " + words, ex);
        }
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(words);
        StompHeaderAccessor client = clientMessage != null
                ? MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class) : null;
        if (client != null && client.getReceipt() != null) {
            error.setReceiptId(client.getReceipt());
        }
        error.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
    }

    static String words(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            if (cause instanceof StrictStompDecoder.InvalidContentLengthException) {
                return message;
            }
            if (message.contains("No enum constant")) {
                return "Unknown STOMP command: a client may send CONNECT, STOMP, SUBSCRIBE, UNSUBSCRIBE, SEND,"
                        + " ACK, NACK, BEGIN, COMMIT, ABORT or DISCONNECT";
            }
            if (message.toLowerCase(java.util.Locale.ROOT).contains("content-length")) {
                return "Invalid STOMP frame: its content-length does not match its body";
            }
            if (cause.getCause() == null && !QUALIFIED_NAME.matcher(message).find()) {
                return message;
            }
        }
        return "Invalid STOMP frame";
    }
}
