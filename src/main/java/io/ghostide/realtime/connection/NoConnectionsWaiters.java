package io.ghostide.realtime.connection;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;

/** Futures that complete once no connection is open, for shutdown to wait on without polling. */
final class NoConnectionsWaiters {

    // completed, and dropped, when the last open connection closes
    private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();

    private final IntSupplier open;

    NoConnectionsWaiters(IntSupplier open) {
        this.open = open;
    }

    /** A future that completes once no connection is open, at once if none is. */
    CompletableFuture<Void> whenNone() {
        CompletableFuture<Void> none = new CompletableFuture<>();
        this.waiters.add(none);
        // checked after adding: a last close that came in between has released it, or this does
        if (this.open.getAsInt() == 0) {
            release();
        }
        return none;
    }

    /** Completes every waiter; called when the last connection closed. */
    void release() {
        CompletableFuture<Void> waiter;
        while ((waiter = this.waiters.poll()) != null) {
            waiter.complete(null);
        }
    }
}
