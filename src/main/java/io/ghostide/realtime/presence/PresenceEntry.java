package io.ghostide.realtime.presence;

import java.time.Instant;

/**
 * One connection present in a session.
 *
 * @param user the connection's user (a token's {@code sub}, a given name, or {@code anonymous-{connection_id}})
 * @param connectionId the connection
 * @param transport {@code raw} or {@code stomp}
 * @param joinedAt when its subscription to the session took effect
 */
public record PresenceEntry(String user, String connectionId, String transport, Instant joinedAt) {
}
