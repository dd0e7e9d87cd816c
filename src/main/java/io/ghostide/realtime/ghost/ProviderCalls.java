package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on answers streaming from the provider at once, every session's questions and
 * reactions together ({@code ghostide.ghost.limits.max-provider-calls}). A question that finds
 * none free waits for one, in order; a reaction is skipped instead. At most one answer of a
 * session waits here (its lane starts one at a time), so the waiting line is as long as there
 * are sessions at most.
 */
final class ProviderCalls {

    private final int max;

    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    private int inFlight;

    // guarded by lock: the starts of questions waiting for a call, oldest first
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

    ProviderCalls(int max) {
        this.max = max;
    }

    /**
     * Takes a call and runs {@code start}, or queues it when none is free and it may wait.
     *
     * @return false when no call was free and {@code start} may not wait: it will never run
     */
    boolean take(Runnable start, boolean mayWait) {
        this.lock.lock();
        try {
            if (this.inFlight >= this.max) {
                if (mayWait) {
                    this.waiting.addLast(start);
                }
                return mayWait;
            }
            this.inFlight++;
        }
        finally {
            this.lock.unlock();
        }
        start.run();
        return true;
    }

    /** Gives a call back: the oldest waiting question takes it. */
    void release() {
        Runnable next;
        this.lock.lock();
        try {
            next = this.waiting.pollFirst();
            if (next == null) {
                this.inFlight--;
            }
        }
        finally {
            this.lock.unlock();
        }
        if (next != null) {
            next.run();
        }
    }

    int inFlight() {
        this.lock.lock();
        try {
            return this.inFlight;
        }
        finally {
            this.lock.unlock();
        }
    }
}
