package io.ghostide.realtime.sessionlog;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The delivery threads of the Redis log: each session is handled by one stripe, a single thread,
 * so what is done for a session (its entries, its catch-ups, its end) happens in order.
 */
final class DeliveryStripes {

    private final ExecutorService[] stripes;

    DeliveryStripes() {
        this.stripes = new ExecutorService[Math.max(2, Runtime.getRuntime().availableProcessors())];
        CustomizableThreadFactory threads = new CustomizableThreadFactory("session-log-delivery-");
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = Executors.newSingleThreadExecutor(threads);
        }
    }

    /** Runs {@code task} on the session's stripe, after what is queued there. */
    void execute(String sessionId, Runnable task) {
        stripe(sessionId).execute(task);
    }

    /** Runs {@code task} on the session's stripe and waits for it, for up to 30 s. */
    void run(String sessionId, Runnable task) {
        try {
            stripe(sessionId).submit(task).get(30, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Session log delivery failed for session " + sessionId, ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Session log delivery is stuck for session " + sessionId, ex);
        }
    }

    void shutdown() {
        for (ExecutorService stripe : this.stripes) {
            stripe.shutdownNow();
        }
    }

    private ExecutorService stripe(String sessionId) {
        return this.stripes[Math.floorMod(sessionId.hashCode(), this.stripes.length)];
    }
}
