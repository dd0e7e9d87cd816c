package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.ghostide.realtime.cluster.SharedLeases;
import org.jspecify.annotations.Nullable;

/**
 * The answers of one session, one at a time, so their {@code ai_typing true … false} brackets
 * never overlap. A new reaction replaces any reaction still waiting and cancels the one
 * streaming; questions are never dropped, they wait their turn (up to a limit).
 * <p>
 * The limit is counted twice: here, for this instance's lane, and among every instance's lanes of
 * the session through {@link SharedLeases} (cap {@code ghost-chats:<session>}, one place per question
 * in flight, the current answer and those waiting, {@code max-queued-chats + 1} in all). In
 * {@code local} mode the shared count grants everything, so the lane's own count is the whole
 * limit; in {@code redis} mode a question asked on another instance of the session takes a place
 * too, and a crashed instance's places lapse with its leases.
 */
final class ReplyLane {

    private final ReentrantLock lock = new ReentrantLock();

    private @Nullable GhostReply current;

    private final ArrayDeque<GhostReply> waiting = new ArrayDeque<>();

    // question in flight -> its place among every instance's questions of the session
    private final Map<GhostReply, SharedLeases.Lease> places = new ConcurrentHashMap<>();

    /**
     * Queues {@code reply}, starting it when the lane is free.
     *
     * @param chats where every instance's questions of the session are counted together
     * @throws GhostBusyException when it is a question and {@code maxQueuedChats} questions already wait,
     *         here or among every instance's; nothing stays counted
     * @throws io.ghostide.realtime.system.SharedStateUnavailableException when it is a question and
     *         Redis, which counts every instance's, does not answer
     */
    void submit(GhostReply reply, int maxQueuedChats, SharedLeases chats, String sessionId) {
        if (!reply.isReaction()) {
            if (isFull(maxQueuedChats)) {
                // full here already: refused without a round trip to Redis, nor a place held meanwhile
                throw new GhostBusyException(maxQueuedChats);
            }
            // taken outside the lane's lock: a Redis round trip must not hold up the session's other replies
            SharedLeases.Lease place = chats.take("ghost-chats:" + sessionId, maxQueuedChats + 1, reply.id());
            if (place == null) {
                throw new GhostBusyException(maxQueuedChats);
            }
            // recorded before the reply can start, so that however it ends, finished gives the place back
            this.places.put(reply, place);
        }
        try {
            enqueue(reply, maxQueuedChats);
        }
        catch (GhostBusyException ex) {
            releasePlace(reply);
            throw ex;
        }
    }

    private void enqueue(GhostReply reply, int maxQueuedChats) {
        List<GhostReply> superseded = new ArrayList<>();
        GhostReply streamingReaction = null;
        GhostReply start = null;
        this.lock.lock();
        try {
            if (reply.isReaction()) {
                this.waiting.removeIf(queued -> queued.isReaction() && superseded.add(queued));
                if (this.current != null && this.current.isReaction()) {
                    streamingReaction = this.current;
                }
            }
            else if (isFull(maxQueuedChats)) {
                // checked again: another question of this instance may have come in meanwhile
                throw new GhostBusyException(maxQueuedChats);
            }
            if (this.current == null) {
                this.current = reply;
                start = reply;
            }
            else {
                this.waiting.addLast(reply);
            }
        }
        finally {
            this.lock.unlock();
        }
        superseded.forEach(GhostReply::cancel);
        if (start != null) {
            start.begin();
        }
        if (streamingReaction != null) {
            // ends it with ai_typing false, after which the lane moves on to what waits
            streamingReaction.cancel();
        }
    }

    /** Called by a reply that has ended; starts the next one. */
    void finished(GhostReply reply) {
        releasePlace(reply);
        GhostReply next;
        this.lock.lock();
        try {
            if (this.current != reply) {
                this.waiting.remove(reply);
                return;
            }
            this.current = this.waiting.pollFirst();
            next = this.current;
        }
        finally {
            this.lock.unlock();
        }
        if (next != null) {
            next.begin();
        }
    }

    // whether maxQueuedChats questions wait behind the current answer here
    private boolean isFull(int maxQueuedChats) {
        this.lock.lock();
        try {
            return this.current != null && this.waiting.stream().filter(queued -> !queued.isReaction()).count() >= maxQueuedChats;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void releasePlace(GhostReply reply) {
        SharedLeases.Lease place = this.places.remove(reply);
        if (place != null) {
            place.close();
        }
    }

    boolean isIdle() {
        this.lock.lock();
        try {
            return this.current == null && this.waiting.isEmpty();
        }
        finally {
            this.lock.unlock();
        }
    }
}
