package io.ghostide.realtime.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.PingMessage;

/**
 * Keeps open connections of both transports alive, in rounds of half the shortest of its
 * settings: pings one that has been quiet for {@code ghostide.connection.ping-interval}, and
 * closes one quiet past {@code idle-timeout} or whose write outlived {@code send-time-limit}.
 */
@Component
class ConnectionKeepAlive implements SmartLifecycle {

    private final ConnectionRegistry registry;

    private final ConnectionProperties properties;

    private final TaskScheduler housekeeping;

    // scheduled on each start: a test context is stopped and started again when paused
    private volatile @Nullable ScheduledFuture<?> rounds;

    ConnectionKeepAlive(ConnectionRegistry registry, ConnectionProperties properties,
            @Qualifier("connectionHousekeepingScheduler") TaskScheduler housekeeping) {
        this.registry = registry;
        this.properties = properties;
        this.housekeeping = housekeeping;
    }

    private void round() {
        long idleLimit = this.properties.idleTimeout().toNanos();
        long pingAfter = this.properties.pingInterval().toNanos();
        long now = System.nanoTime();
        this.registry.forEachConnection(session -> {
            long quiet = session.nanosSinceLastReceived();
            if (session.writeOverdue(now)) {
                session.abort(CloseReason.SEND_TIME_LIMIT);
            }
            else if (quiet > idleLimit) {
                session.abort(CloseReason.IDLE);
            }
            else if (quiet > pingAfter) {
                try {
                    session.sendMessage(new PingMessage());
                }
                catch (Exception ex) {
                    // the connection is going away; its close is reported separately
                }
            }
        });
    }

    @Override
    public void start() {
        Duration period = Collections.min(List.of(this.properties.pingInterval(), this.properties.idleTimeout(),
                this.properties.sendTimeLimit()));
        Duration round = Duration.ofMillis(Math.max(100, period.toMillis() / 2));
        this.rounds = this.housekeeping.scheduleWithFixedDelay(this::round, Instant.now().plus(round), round);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = this.rounds;
        this.rounds = null;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return this.rounds != null;
    }

    @Override
    public int getPhase() {
        return ManagedConnections.PHASE;
    }
}
