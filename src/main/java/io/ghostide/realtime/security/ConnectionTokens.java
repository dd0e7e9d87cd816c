package io.ghostide.realtime.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionPrincipal;
import io.ghostide.realtime.connection.ConnectionClosing;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The life of each open connection's token, from CONNECT to close. It sends
 * {@code token_expiring} {@code ghostide.security.jwt.refresh-warning} before the token
 * expires, and at expiry {@code disconnect} {@code {code: 1008, reason: "token_expired"}} (a
 * STOMP client hears both on {@code /user/queue/replies}), then closes with 1008. A refreshed
 * token of the same user takes the old one's place in the connection's principal and re-arms both
 * timers. One entry per connection with a token, set when it connects and dropped when it goes.
 */
@Component
class ConnectionTokens implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ConnectionTokens.class);

    /** What {@link #refresh} did. */
    enum Refresh { REFRESHED, OTHER_USER, NO_TOKEN, EXPIRED }

    // connection id -> its principal and timers
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("token-expiry-"));

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final ConnectionClosing closing;

    private final Clock clock;

    private final Duration warning;

    // lazy: the broker configuration, which needs this bean's interceptor, makes the router
    ConnectionTokens(ConnectionRegistry registry, ConnectionClosing closing, @Lazy MessageRouter router, Clock clock, SecurityProperties properties) {
        this.registry = registry;
        this.router = router;
        this.closing = closing;
        this.clock = clock;
        this.warning = properties.jwt().refreshWarning();
    }

    /** Arms the connection's timers for the token of the principal in effect; replaces what was armed before. */
    void track(String connectionId, ConnectionPrincipal principal) {
        if (principal.caller().expiresAt() == null) {
            forget(connectionId);
            return;
        }
        Tracked entry = new Tracked(principal);
        synchronized (entry) {
            arm(connectionId, entry, principal.caller());
        }
        Tracked previous = this.tracked.put(connectionId, entry);
        if (previous != null) {
            previous.cancel();
        }
    }

    void forget(String connectionId) {
        Tracked entry = this.tracked.remove(connectionId);
        if (entry != null) {
            entry.cancel();
        }
    }

    /**
     * The connection can hear replies now. A warning that fell due before (a token with less
     * life left at CONNECT than the warning) went nowhere, so it is sent again.
     */
    void repliesSubscribed(String connectionId) {
        Tracked entry = this.tracked.get(connectionId);
        Caller caller = entry != null ? entry.principal.caller() : null;
        if (caller != null && caller.expiresAt() != null
                && !this.clock.instant().isBefore(caller.expiresAt().minus(this.warning))) {
            warn(connectionId, entry, caller);
        }
    }

    /** The principal in effect on a connection with a token, or null for one without (none mode, or gone). */
    @Nullable ConnectionPrincipal principalOf(String connectionId) {
        Tracked entry = this.tracked.get(connectionId);
        return entry != null ? entry.principal : null;
    }

    /**
     * Puts {@code next}, a verified token's caller, in the connection's principal and re-arms its
     * timers for it, unless it names another user or the connection's token is over already; in
     * those cases nothing changes.
     */
    Refresh refresh(String connectionId, Caller next) {
        Tracked entry = this.tracked.get(connectionId);
        if (entry == null) {
            return Refresh.NO_TOKEN;
        }
        // under the entry's lock, so a refresh and the expiry timer never both win
        synchronized (entry) {
            if (entry.expired) {
                return Refresh.EXPIRED;
            }
            if (!Objects.equals(entry.principal.caller().user(), next.user())) {
                return Refresh.OTHER_USER;
            }
            entry.principal.replaceCaller(next);
            entry.cancel();
            arm(connectionId, entry, next);
        }
        return Refresh.REFRESHED;
    }

    // called holding the entry's lock
    private void arm(String connectionId, Tracked entry, Caller caller) {
        Instant expiresAt = Objects.requireNonNull(caller.expiresAt());
        long untilExpiry = Math.max(0, Duration.between(this.clock.instant(), expiresAt).toMillis());
        long untilWarning = Math.max(0, untilExpiry - this.warning.toMillis());
        entry.armedFor = caller;
        entry.warning = this.scheduler.schedule(() -> warn(connectionId, entry, caller), untilWarning, TimeUnit.MILLISECONDS);
        entry.expiry = this.scheduler.schedule(() -> expire(connectionId, entry, caller), untilExpiry, TimeUnit.MILLISECONDS);
    }

    private void warn(String connectionId, Tracked entry, Caller caller) {
        synchronized (entry) {
            if (entry.armedFor != caller || entry.expired) {
                // refreshed since
                return;
            }
        }
        if (this.registry.transportOf(connectionId) != null) {
            this.router.publishToConnection(connectionId, this.registry.sessionOf(connectionId), MessageType.TOKEN_EXPIRING,
                    new Payloads.TokenExpiring(Objects.requireNonNull(caller.expiresAt())));
        }
    }

    private void expire(String connectionId, Tracked entry, Caller caller) {
        synchronized (entry) {
            if (entry.armedFor != caller) {
                // refreshed since
                return;
            }
            entry.expired = true;
        }
        this.tracked.remove(connectionId, entry);
        if (this.registry.transportOf(connectionId) == null) {
            // gone already
            return;
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Token of connection " + connectionId + " expired; closing it");
        }
        this.closing.disconnect(connectionId, this.registry.sessionOf(connectionId), CloseReason.TOKEN_EXPIRED);
    }

    @Override
    public void destroy() {
        this.scheduler.shutdownNow();
    }

    /** One connection's principal and the timers armed for the caller in it. */
    private static final class Tracked {

        final ConnectionPrincipal principal;

        // the caller the timers are armed for; guarded by this
        @Nullable Caller armedFor;

        // guarded by this
        @Nullable ScheduledFuture<?> warning;

        // guarded by this
        @Nullable ScheduledFuture<?> expiry;

        // set once the expiry timer has fired: no refresh can save the connection then; guarded by this
        boolean expired;

        Tracked(ConnectionPrincipal principal) {
            this.principal = principal;
        }

        /** Stops both timers; one that is running already finds it is no longer armed. */
        synchronized void cancel() {
            this.armedFor = null;
            if (this.warning != null) {
                this.warning.cancel(false);
            }
            if (this.expiry != null) {
                this.expiry.cancel(false);
            }
        }
    }
}
