package io.ghostide.realtime.system;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops the rest of a request body about to be refused. A client that sends its
 * whole body before it reads the answer (most do, without {@code Expect: 100-continue}) then
 * reads the 4xx instead of a reset connection: Jetty does not read an unread body on its own,
 * and a socket closed with unread bytes resets, which can drop the answer before the client
 * reads it. A body declared larger than {@link #DRAIN_LIMIT} is left unread and its connection
 * closed; reading is bounded by the server's idle timeout as any read is.
 */
public final class RefusedBodies {

    /** The most a refused body is read before its answer. */
    public static final long DRAIN_LIMIT = 16 * 1024 * 1024;

    private RefusedBodies() {
    }

    /**
     * Whether a refused body of this declared length ({@code -1} or {@code null} when unknown)
     * is worth reading to its end.
     */
    public static boolean worthDraining(Long declaredLength) {
        return declaredLength == null || declaredLength <= DRAIN_LIMIT;
    }

    /** Reads and drops up to {@link #DRAIN_LIMIT} bytes of {@code body}, or to its end. */
    public static void drain(InputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long left = DRAIN_LIMIT;
        int read;
        while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
            left -= read;
        }
    }
}
