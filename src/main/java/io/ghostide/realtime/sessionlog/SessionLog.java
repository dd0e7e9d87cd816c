package io.ghostide.realtime.sessionlog;

import org.jspecify.annotations.Nullable;

/**
 * The ordered log of every session: it assigns each published envelope its {@code seq}, keeps
 * a bounded history of envelopes already serialized, names the history with an {@code epoch},
 * and hands every entry to this instance's {@link SessionLogListener} for delivery.
 *
 * <h2>The ordering contract</h2>
 * Every implementation, in-process or backed by a shared store, guarantees:
 * <ol>
 * <li><b>One order.</b> Within a session, {@code seq} starts at 1 in each epoch and has no
 * gaps; the order of {@code seq}, the order of the history and the order of delivery are the
 * same order.</li>
 * <li><b>Delivery is separate from appending.</b> {@link #append} stores the entry; the entry
 * reaches subscribers only through {@link SessionLogListener#onAppended}, which the log calls
 * for every entry of a session exactly once per instance, in {@code seq} order, never two
 * calls for one session at a time, and never skipping a {@code seq} (a log that learns of
 * entries from elsewhere, such as a pub/sub channel, fills a gap from its history before it
 * delivers what follows the gap). The in-process log delivers on the appending thread before
 * {@code append} returns; a shared log may deliver later, on another thread. Callers of
 * {@code append} must assume neither.</li>
 * <li><b>Appending may be remote.</b> {@code append} may block on I/O and may throw when the
 * store is unreachable; a failed append uses up no {@code seq} that anyone sees.</li>
 * <li><b>Reading is subscribe-then-snapshot.</b> {@link #read} is called after this instance's
 * subscription for the session exists in its broker. Every entry with {@code seq} greater than
 * the snapshot's {@code seq} is delivered to the listener after {@code read} returns. Entries
 * at or below it may also still be delivered (a shared log's listener can lag behind the
 * store); the caller drops those, so a subscriber sees the snapshot's missed entries, then the
 * live ones, with no gap and no duplicate.</li>
 * </ol>
 * Implementations are thread-safe. The in-process one ({@code ghostide.cluster.mode=local}, the
 * default) is defined only when the application defines no other {@code SessionLog} bean: a
 * shared log is a bean of this type (conditional on its mode) that calls the application's
 * {@link SessionLogListener} bean for every entry, and the router, the transports and the
 * resume tests ({@code SessionLogContractTests}, subclassed per implementation) stay as they are.
 */
public interface SessionLog {

    /**
     * Appends one envelope to the session's log: assigns the next {@code seq}, stores the
     * envelope with that {@code seq} written in, and arranges its delivery to the listener.
     *
     * @return the {@code seq} the envelope got
     */
    long append(String sessionId, UnsequencedEnvelope envelope);

    /**
     * The session's position now, and when {@code from} is given, whether the history can
     * resume from it and the entries after it. Creates the session's position (a new epoch,
     * {@code seq} 0) when the session has none, so a first subscriber learns the epoch its
     * later messages belong to. See the class comment for when this is called.
     */
    LogSnapshot read(String sessionId, @Nullable ResumePoint from);

    /**
     * The entries of {@code epoch} the history still keeps with {@code seq} up to {@code upTo},
     * for a reader that must know what happened before a position it read; {@code null} when
     * {@code epoch} is no longer the session's. Cost: the whole kept history, at most its bounds.
     */
    @Nullable KeptEntries kept(String sessionId, String epoch, long upTo);

    /**
     * Sends a message without a {@code seq} to the session's subscribers on the other instances
     * that share this log, through their listener's {@link SessionLogListener#onTransient}: not
     * kept, not ordered with the entries, lost to an instance that does not follow the session
     * at the time. The caller delivers it on this instance itself. The in-process log has no
     * other instance and does nothing.
     */
    default void broadcastTransient(String sessionId, byte[] json, long dropAtBacklog) {
    }
}
