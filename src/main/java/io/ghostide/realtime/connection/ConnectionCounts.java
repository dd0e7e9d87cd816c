package io.ghostide.realtime.connection;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections are open, in all and by transport, against the server's cap, and when
 * none is left: a connection counts as left once its close has been told to every listener
 * (its {@code presence_leave} published), so that shutdown waits for that too, without polling.
 */
final class ConnectionCounts {

    private final int max;

    private final AtomicInteger open = new AtomicInteger();

    private final Map<Transport, AtomicInteger> byTransport = new EnumMap<>(Transport.class);

    // connections closed whose leaves are still being told
    private final AtomicInteger leaving = new AtomicInteger();

    // completed, and dropped, when the last connection has left
    private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

    ConnectionCounts(int max) {
        this.max = max;
        for (Transport transport : Transport.values()) {
            this.byTransport.put(transport, new AtomicInteger());
        }
    }

    /** Whether one more may open now; a cheap early answer for the handshake. */
    boolean hasRoom() {
        return this.open.get() < this.max;
    }

    /** Counts one more open connection, unless the server is at its cap. */
    boolean tryOpen(Transport transport) {
        if (this.open.incrementAndGet() > this.max) {
            this.open.decrementAndGet();
            return false;
        }
        this.byTransport.get(transport).incrementAndGet();
        return true;
    }

    /** Counts a connection closed; it has not left until {@link #left()}. */
    void closing(Transport transport) {
        this.leaving.incrementAndGet();
        this.open.decrementAndGet();
        this.byTransport.get(transport).decrementAndGet();
    }

    /** A closed connection's leaves have all been told. */
    void left() {
        if (this.leaving.decrementAndGet() == 0 && this.open.get() == 0) {
            release();
        }
    }

    int open() {
        return this.open.get();
    }

    int open(Transport transport) {
        return this.byTransport.get(transport).get();
    }

    /** A future that completes once no connection is open or leaving, at once if none is. */
    CompletableFuture<Void> whenNone() {
        CompletableFuture<Void> none = new CompletableFuture<>();
        this.waiters.add(none);
        // checked after adding: a last leave that came in between has released it, or this does
        if (this.open.get() + this.leaving.get() == 0) {
            release();
        }
        return none;
    }

    private void release() {
        CompletableFuture<Void> waiter;
        while ((waiter = this.waiters.poll()) != null) {
            waiter.complete(null);
        }
    }
}
