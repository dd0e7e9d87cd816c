package io.ghostide.realtime.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Closes a connection the moment its token expires: {@code disconnect}
 * {@code {code: 1008, reason: "token_expired"}} first (a STOMP client hears it on
 * {@code /user/queue/replies}), then a close with 1008. One timer per connection with a token,
 * set when it connects and dropped when it goes.
 */
@Component
class TokenExpiry implements DisposableBean {

    private static final Log logger = LogFactory.getLog(TokenExpiry.class);

    // connection id -> its expiry timer
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("token-expiry-"));

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final Clock clock;

    // lazy: the broker configuration, which needs this bean's interceptor, makes the router
    TokenExpiry(ConnectionRegistry registry, @Lazy MessageRouter router, Clock clock) {
        this.registry = registry;
        this.router = router;
        this.clock = clock;
    }

    /** Arms the connection's timer for its caller's token; replaces one armed before. */
    void track(String connectionId, Caller caller) {
        if (caller.expiresAt() == null) {
            forget(connectionId);
            return;
        }
        long delay = Math.max(0, Duration.between(this.clock.instant(), caller.expiresAt()).toMillis());
        ScheduledFuture<?> timer = this.scheduler.schedule(() -> expire(connectionId), delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = this.timers.put(connectionId, timer);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void forget(String connectionId) {
        ScheduledFuture<?> timer = this.timers.remove(connectionId);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void expire(String connectionId) {
        this.timers.remove(connectionId);
        if (this.registry.transportOf(connectionId) == null) {
            // gone already
            return;
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Token of connection " + connectionId + " expired; closing it");
        }
        try {
            this.router.sendToConnection(connectionId, this.registry.sessionOf(connectionId), MessageType.DISCONNECT,
                    new Payloads.Disconnect(CloseReason.TOKEN_EXPIRED.status().getCode(), CloseReason.TOKEN_EXPIRED.tag()));
        }
        finally {
            this.registry.closeConnection(connectionId, CloseReason.TOKEN_EXPIRED);
        }
    }

    @Override
    public void destroy() {
        this.scheduler.shutdownNow();
    }
}
