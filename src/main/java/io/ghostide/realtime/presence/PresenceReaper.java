package io.ghostide.realtime.presence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tells each session who left with an instance that is gone, in {@code redis} mode: an instance
 * that was killed, lost Redis for longer than {@code ghostide.cluster.node-timeout}, or stopped
 * before it could publish its own leaves. Every heartbeat, each instance takes such entries out
 * of the shared presence ({@link RedisPresenceStore#reapGone}) and publishes a
 * {@code presence_leave} with reason {@code instance_lost} for each; the removal is atomic, so
 * each leave is published by one instance only.
 */
final class PresenceReaper implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(PresenceReaper.class);

    private final RedisPresenceStore store;

    private final PresenceTracker tracker;

    private final long periodMillis;

    private volatile ScheduledExecutorService rounds;

    PresenceReaper(RedisPresenceStore store, PresenceTracker tracker, Duration period) {
        this.store = store;
        this.tracker = tracker;
        this.periodMillis = Math.max(100, period.toMillis());
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "presence-reaper");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::reap, this.periodMillis, this.periodMillis, TimeUnit.MILLISECONDS);
        this.rounds = executor;
    }

    private void reap() {
        try {
            for (RedisPresenceStore.Departure departure : this.store.reapGone()) {
                this.tracker.departed(departure.sessionId(), departure.entry());
            }
        }
        catch (RuntimeException ex) {
            // Redis away: the next round looks again, and finds what this one did not remove
            logger.debug("Could not look for the presence of instances that are gone: " + ex);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = this.rounds;
        if (executor != null) {
            executor.shutdownNow();
            this.rounds = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.rounds != null;
    }
}
