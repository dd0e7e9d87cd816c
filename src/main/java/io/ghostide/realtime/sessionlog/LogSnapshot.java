package io.ghostide.realtime.sessionlog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A session's position and, for a resume, what the subscriber missed.
 *
 * @param epoch the name of the session's current history and {@code seq} counter
 * @param seq the session's last {@code seq} when the snapshot was taken, 0 if none
 * @param recovered with a resume point, whether every entry after it is in {@code missed};
 *        {@code null} without one
 * @param missed the envelopes with {@code seq} after the resume point up to {@code seq}, in
 *        order; empty unless recovered
 */
public record LogSnapshot(String epoch, long seq, @Nullable Boolean recovered, List<byte[]> missed) {

    /** How many messages are replayed, as the client is told: {@code null} when it did not ask to resume. */
    public @Nullable Integer missedCount() {
        return this.recovered != null ? this.missed.size() : null;
    }

    /** A snapshot that replays nothing. */
    public static LogSnapshot position(String epoch, long seq, @Nullable Boolean recovered) {
        return new LogSnapshot(epoch, seq, recovered, List.of());
    }
}
