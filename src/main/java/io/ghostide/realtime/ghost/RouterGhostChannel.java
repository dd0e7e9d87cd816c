package io.ghostide.realtime.ghost;

import java.util.Map;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.Payloads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Ghost's messages through the {@link MessageRouter}. A failure to publish is logged and
 * swallowed: the answer's state machine must still reach its end (and its {@code ai_typing false}).
 */
@Component
class RouterGhostChannel implements GhostChannel {

    private static final Log logger = LogFactory.getLog(RouterGhostChannel.class);

    private final MessageRouter router;

    RouterGhostChannel(MessageRouter router) {
        this.router = router;
    }

    @Override
    public void typing(String sessionId, boolean typing) {
        publish(() -> this.router.publishAiTyping(sessionId, typing), sessionId);
    }

    @Override
    public void chunk(String sessionId, String messageId, String delta, int index) {
        publish(() -> this.router.publishAiResponseChunk(sessionId, messageId, delta, index), sessionId);
    }

    @Override
    public void response(String sessionId, Payloads.GhostMessage message, @Nullable Map<String, Object> context) {
        publish(() -> this.router.publishAiResponse(sessionId, message, context), sessionId);
    }

    @Override
    public void error(String sessionId, String error, String detail) {
        publish(() -> this.router.publishAiError(sessionId, error, detail), sessionId);
    }

    private static void publish(Runnable send, String sessionId) {
        try {
            send.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not publish Ghost's message to session " + sessionId + ": " + ex);
        }
    }
}
