package io.ghostide.realtime.messaging.command;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionClosing;
import io.ghostide.realtime.limits.RateLimiter;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The rate limits of a connection's frames, taken before a frame is acted on: a frame over its
 * bucket ({@code ghostide.rate-limit.*}, one per kind of command) is answered with a 429
 * {@code error} that says when to retry, and a connection that keeps sending past that is told
 * {@code disconnect} {@code rate_limited} and closed.
 */
@Component
class CommandRateLimit {

    private static final Log logger = LogFactory.getLog(CommandRateLimit.class);

    private final RateLimiter limiter;

    private final MessageRouter router;

    private final ConnectionClosing closing;

    CommandRateLimit(RateLimiter limiter, MessageRouter router, ConnectionClosing closing) {
        this.limiter = limiter;
        this.router = router;
        this.closing = closing;
    }

    /**
     * Whether the connection may send one more frame of {@code type} (null for one without a
     * known type) now; when not, it has been told so, or cut.
     */
    boolean admits(CommandContext command, @Nullable MessageType type, @Nullable String requestId) {
        RateLimiter.Action action = type == null ? RateLimiter.Action.OTHER : switch (type) {
            case EXECUTE_CODE -> RateLimiter.Action.EXECUTE_CODE;
            case GHOST_CHAT -> RateLimiter.Action.GHOST_CHAT;
            case DOC_PUSH -> RateLimiter.Action.DOC_PUSH;
            case AWARENESS -> RateLimiter.Action.AWARENESS;
            default -> RateLimiter.Action.OTHER;
        };
        String connectionId = command.connectionId();
        String sessionId = command.sessionId();
        RateLimiter.Decision decision = this.limiter.forConnection(connectionId, action);
        switch (decision.verdict()) {
            case ALLOWED -> {
                return true;
            }
            case REFUSED -> this.router.publishToConnection(connectionId, sessionId, MessageType.ERROR,
                    new Payloads.RateLimitedError("Too many requests", "This connection sends "
                            + (type != null ? type.wireName() + " commands" : "frames") + " faster than "
                            + "ghostide.rate-limit.* allows; retry in " + decision.retryAfterMillis() + " ms", 429,
                            decision.retryAfterMillis(), requestId));
            case CUT -> {
                logger.info("Closing connection " + connectionId + ": it kept sending over its rate limit");
                this.closing.disconnect(connectionId, sessionId, CloseReason.RATE_LIMITED);
            }
            case DROPPED -> {
                // cut off already; the socket is closing
            }
        }
        return false;
    }
}
