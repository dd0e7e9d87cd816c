package io.ghostide.realtime.presence;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where presence is kept: one implementation per cluster mode (in memory for {@code local}),
 * chosen once: {@link PresenceConfiguration} supplies the in-memory one unless another is defined. Thread-safe.
 */
public interface PresenceStore {

    /** Records a connection as present in a session; false when it already was (nothing changes then). */
    boolean add(String sessionId, PresenceEntry entry);

    /** Removes a connection from a session; the entry it had, or null when it was not present. */
    @Nullable PresenceEntry remove(String sessionId, String connectionId);

    /** The connections present in a session, oldest first. */
    List<PresenceEntry> entries(String sessionId);
}
