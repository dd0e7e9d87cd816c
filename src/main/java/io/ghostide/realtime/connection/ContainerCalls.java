package io.ghostide.realtime.connection;

/**
 * Which connection's send or close this thread is inside. Jetty reports a write to a socket that
 * is gone by closing the connection there and then, on the writer's thread, and the writer may be
 * delivering a session's message under that session's lock: what such a close sets off (leaves
 * announced to the connection's sessions, which take locks of their own) has to wait until the
 * writer has let go, or two of them deadlock.
 */
final class ContainerCalls {

    private static final ThreadLocal<Object> INSIDE = new ThreadLocal<>();

    private ContainerCalls() {
    }

    /** Notes that this thread enters a send or close of {@code connection}; returns what {@link #exit} restores. */
    static Object enter(Object connection) {
        Object outer = INSIDE.get();
        INSIDE.set(connection);
        return outer;
    }

    /** Notes that this thread has left the call {@link #enter} returned {@code outer} for. */
    static void exit(Object outer) {
        INSIDE.set(outer);
    }

    /** Runs a send or close of {@code connection}, noted as such. */
    static void run(Object connection, Runnable call) {
        Object outer = enter(connection);
        try {
            call.run();
        }
        finally {
            exit(outer);
        }
    }

    /** Whether this thread is inside a send or close of some connection that the container has not returned from. */
    static boolean inside() {
        return INSIDE.get() != null;
    }
}
