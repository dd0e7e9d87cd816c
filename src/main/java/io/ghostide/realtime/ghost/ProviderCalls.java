package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * The bound on answers streaming from the provider at once, every session's questions and
 * reactions together ({@code ghostide.ghost.limits.max-provider-calls}). A question that finds
 * none free waits for one, in order; a reaction is skipped instead. At most one answer of a
 * session waits here (its lane starts one at a time), so the waiting line is as long as there
 * are sessions at most. The calls are counted here for this instance and, in {@code redis} mode,
 * by every instance together ({@link SharedLeases}): a call ending here goes to the question
 * waiting longest here, and while calls of other instances hold the bound, the waiting questions
 * try again every {@link #RETRY_MILLIS} ms. While Redis does not answer, a call is refused with
 * {@link SharedStateUnavailableException} rather than taken unchecked.
 */
final class ProviderCalls {

    static final long RETRY_MILLIS = 100;

    private static final String CAP = "ghost:provider-calls";

    private final int max;

    private final SharedLeases everywhere;

    private final ScheduledExecutorService retries;

    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    private int inFlight;

    // guarded by lock: the starts of questions waiting for a call, oldest first
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();

    // guarded by lock: the places among every instance's calls that this instance's calls hold, one each
    private final ArrayDeque<SharedLeases.Lease> places = new ArrayDeque<>();

    // guarded by lock: whether a retry of the waiting questions is scheduled
    private boolean retrying;

    ProviderCalls(int max, SharedLeases everywhere, ScheduledExecutorService retries) {
        this.max = max;
        this.everywhere = everywhere;
        this.retries = retries;
    }

    /**
     * Takes a call and runs {@code start}, or queues it when none is free and it may wait.
     *
     * @return false when no call was free and {@code start} may not wait: it will never run
     * @throws SharedStateUnavailableException when Redis, which counts every instance's calls, does not answer
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
        SharedLeases.Lease place = takePlace();
        this.lock.lock();
        try {
            if (place == null) {
                // every instance's calls together hold the bound
                if (mayWait) {
                    this.waiting.addLast(start);
                    scheduleRetry();
                }
                return mayWait;
            }
            this.places.addLast(place);
        }
        finally {
            this.lock.unlock();
        }
        start.run();
        return true;
    }

    // this instance's count is already taken; gives it back unless every instance's has room too
    private SharedLeases.@Nullable Lease takePlace() {
        SharedLeases.Lease place;
        try {
            place = this.everywhere.take(CAP, this.max, UUID.randomUUID().toString());
        }
        catch (RuntimeException ex) {
            giveBackCount();
            throw ex;
        }
        if (place == null) {
            giveBackCount();
        }
        return place;
    }

    private void giveBackCount() {
        this.lock.lock();
        try {
            this.inFlight--;
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Gives a call back: the oldest waiting question takes it, with its place among every instance's calls. */
    void release() {
        Runnable next;
        SharedLeases.Lease freed = null;
        this.lock.lock();
        try {
            next = this.waiting.pollFirst();
            if (next == null) {
                this.inFlight--;
                freed = this.places.pollFirst();
            }
        }
        finally {
            this.lock.unlock();
        }
        if (freed != null) {
            freed.close();
        }
        if (next != null) {
            next.run();
        }
    }

    // called holding the lock
    private void scheduleRetry() {
        if (this.retrying) {
            return;
        }
        this.retrying = true;
        try {
            this.retries.schedule(this::retryWaiting, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // shutting down: the waiting questions are cancelled with their lanes
            this.retrying = false;
        }
    }

    // the waiting questions were refused by the calls of other instances: tries again for the oldest
    private void retryWaiting() {
        this.lock.lock();
        try {
            this.retrying = false;
            if (this.waiting.isEmpty() || this.inFlight >= this.max) {
                // none waits, or a call of this instance ends soon and hands its place on
                return;
            }
            this.inFlight++;
        }
        finally {
            this.lock.unlock();
        }
        SharedLeases.Lease place;
        try {
            place = takePlace();
        }
        catch (SharedStateUnavailableException ex) {
            // Redis away: the questions go on waiting, as they would for a call here
            place = null;
        }
        Runnable next = null;
        this.lock.lock();
        try {
            if (place != null) {
                next = this.waiting.pollFirst();
                if (next != null) {
                    this.places.addLast(place);
                }
                else {
                    this.inFlight--;
                }
            }
            if (next == null && !this.waiting.isEmpty()) {
                scheduleRetry();
            }
        }
        finally {
            this.lock.unlock();
        }
        if (place != null && next == null) {
            place.close();
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
