package io.ghostide.realtime.ghost;

/** Too many questions of one session wait for Ghost already. */
class GhostBusyException extends RuntimeException {

    GhostBusyException(int maxQueued) {
        super("Ghost is still answering; " + maxQueued + " more questions are waiting already "
                + "(ghostide.ghost.max-queued-chats)");
    }
}
