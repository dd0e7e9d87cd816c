package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The answers of one session, one at a time, so their {@code ai_typing true … false} brackets
 * never overlap. A new reaction replaces any reaction still waiting and cancels the one
 * streaming; questions are never dropped, they wait their turn (up to a limit).
 */
final class ReplyLane {

    private final ReentrantLock lock = new ReentrantLock();

    private @Nullable GhostReply current;

    private final ArrayDeque<GhostReply> waiting = new ArrayDeque<>();

    /**
     * Queues {@code reply}, starting it when the lane is free.
     *
     * @throws GhostBusyException when it is a question and {@code maxQueuedChats} questions already wait
     */
    void submit(GhostReply reply, int maxQueuedChats) {
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
            else if (this.current != null && this.waiting.stream().filter(queued -> !queued.isReaction()).count() >= maxQueuedChats) {
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
