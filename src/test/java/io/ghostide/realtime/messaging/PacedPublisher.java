package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.system.SharedStateUnavailableException;

/**
 * Publishes numbered {@code session_update}s ({@code details.n} = 1, 2, 3…) to one session
 * through an instance's router at a steady pace, as a program's output would arrive, and
 * records which succeeded (with their {@code seq}) and which were refused because Redis was away.
 */
final class PacedPublisher implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private final String sessionId;

    private volatile MessageRouter router;

    // n -> seq, of every publish that succeeded
    private final ConcurrentSkipListMap<Integer, Long> published = new ConcurrentSkipListMap<>();

    private final List<Integer> refused = new CopyOnWriteArrayList<>();

    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    // touched only by the timer thread
    private int next = 1;

    PacedPublisher(MessageRouter router, String sessionId, Duration every) {
        this.router = router;
        this.sessionId = sessionId;
        this.timer.scheduleAtFixedRate(this::publishOne, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes through {@code instance}'s router every 20 ms, a steady stream that a test reads in seconds. */
    static PacedPublisher through(ServerInstance instance, String sessionId) {
        return new PacedPublisher(instance.context().getBean(MessageRouter.class), sessionId, Duration.ofMillis(20));
    }

    private void publishOne() {
        int n = this.next++;
        try {
            this.published.put(n, this.router.publishSessionUpdate(this.sessionId, SessionUpdateType.FILE_UPDATED, Map.of("n", n)));
        }
        catch (SharedStateUnavailableException ex) {
            this.refused.add(n);
        }
        catch (RuntimeException ex) {
            this.failures.add(ex);
        }
    }

    /** Publishes through another instance from now on. */
    void switchTo(MessageRouter other) {
        this.router = other;
    }

    /** n -> seq of every publish that succeeded, in order of n. */
    SortedMap<Integer, Long> published() {
        return new TreeMap<>(this.published);
    }

    /** The numbers of the publishes refused with 503 (Redis away). */
    List<Integer> refused() {
        return List.copyOf(this.refused);
    }

    /** Failures other than Redis being away: none is expected. */
    List<RuntimeException> failures() {
        return List.copyOf(this.failures);
    }

    int publishedCount() {
        return this.published.size();
    }

    /** Stops publishing and returns the last n that succeeded (0 if none). */
    int stop() {
        this.timer.shutdown();
        try {
            this.timer.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return this.published.isEmpty() ? 0 : this.published.lastKey();
    }

    @Override
    public void close() {
        this.timer.shutdownNow();
    }
}
