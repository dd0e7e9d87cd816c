package io.ghostide.realtime.cluster;

import org.jspecify.annotations.Nullable;

/**
 * Places held under a cap that every instance counts together: a user's share of a session's
 * connections, a session's and a user's run places, the calls to Ghost's model. Taking a place
 * checks the cap and reserves it in one atomic step, so two instances can never both take the
 * last one. In {@code local} mode ({@link #local()}) every place is granted here, since each
 * feature's own in-process count is already the whole server's; in {@code redis} mode
 * ({@link RedisLeases}) the places live in Redis.
 */
public interface SharedLeases {

    /** A place taken; {@link #close()} gives it back (at most once, however often it is called). */
    interface Lease extends AutoCloseable {

        @Override
        void close();
    }

    /**
     * Takes a place under the cap {@code name} for {@code holder}, unless {@code max} are held
     * already. A holder that holds a place there already keeps it, and gets a lease for it.
     *
     * @param holder unique across instances (a connection id, a run id)
     * @return the lease, or null when the cap is full
     * @throws io.ghostide.realtime.system.SharedStateUnavailableException when Redis does not
     *         answer: nothing was taken, and the caller refuses rather than pass the cap unchecked
     */
    @Nullable Lease take(String name, int max, String holder);

    /** The leases of one process: every place is granted, its owner's own count being the whole server's. */
    static SharedLeases local() {
        return (name, max, holder) -> () -> {
            // nothing held outside the owner's count
        };
    }
}
