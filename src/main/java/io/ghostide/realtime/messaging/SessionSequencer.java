package io.ghostide.realtime.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The per-session {@code seq} counters. Publishing to a session happens under its lock, so
 * seq order is publish order on the broker and every subscriber sees messages in seq order.
 * Counters of sessions that stayed unused past the retention are dropped by {@link #retire}.
 */
class SessionSequencer {

    // session id -> its sequence
    private final Map<String, SessionSequence> sequences = new ConcurrentHashMap<>();

    /** Runs {@code publish} with the session's next seq, under the session's lock; the seq is used only if it returns normally. */
    <T> T next(String sessionId, LongFunction<T> publish) {
        for (;;) {
            SessionSequence sequence = this.sequences.computeIfAbsent(sessionId, id -> new SessionSequence());
            sequence.lock.lock();
            try {
                if (sequence.retired) {
                    // lost a race with retire(); the next lookup creates a fresh counter
                    continue;
                }
                T result = publish.apply(sequence.last + 1);
                sequence.last++;
                sequence.lastUsed = System.nanoTime();
                return result;
            }
            finally {
                sequence.lock.unlock();
            }
        }
    }

    /** The last seq published to a session, 0 if none. */
    long lastSeq(String sessionId) {
        SessionSequence sequence = this.sequences.get(sessionId);
        return sequence != null ? sequence.last : 0;
    }

    /** Drops counters unused for {@code idleNanos} whose session {@code inUse} says is no longer in use. */
    int retire(long idleNanos, Predicate<String> inUse) {
        int retired = 0;
        long now = System.nanoTime();
        for (Map.Entry<String, SessionSequence> entry : this.sequences.entrySet()) {
            SessionSequence sequence = entry.getValue();
            if (now - sequence.lastUsed < idleNanos || inUse.test(entry.getKey()) || !sequence.lock.tryLock()) {
                continue;
            }
            try {
                sequence.retired = true;
                this.sequences.remove(entry.getKey(), sequence);
                retired++;
            }
            finally {
                sequence.lock.unlock();
            }
        }
        return retired;
    }

    int size() {
        return this.sequences.size();
    }

    private static final class SessionSequence {

        final ReentrantLock lock = new ReentrantLock();

        // guarded by lock
        long last;

        // guarded by lock
        boolean retired;

        volatile long lastUsed = System.nanoTime();
    }
}
