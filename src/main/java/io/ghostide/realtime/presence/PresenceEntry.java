package io.ghostide.realtime.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.messaging.Payloads;

/**
 * One connection present in a session.
 *
 * @param user the connection's user (a token's {@code sub}, a given name, or {@code anonymous-{connection_id}})
 * @param connectionId the connection
 * @param transport {@code raw} or {@code stomp}
 * @param joinedAt when its subscription to the session took effect
 */
public record PresenceEntry(String user, String connectionId, String transport, Instant joinedAt) {

    /** The {@code users} of a presence answer: each user once, with its connections, in the order given. */
    public static List<Payloads.PresentUser> byUser(Iterable<PresenceEntry> entries) {
        // user -> its connections
        Map<String, List<Payloads.PresentConnection>> users = new LinkedHashMap<>();
        for (PresenceEntry entry : entries) {
            users.computeIfAbsent(entry.user(), user -> new ArrayList<>())
                    .add(new Payloads.PresentConnection(entry.connectionId(), entry.transport(), entry.joinedAt()));
        }
        List<Payloads.PresentUser> list = new ArrayList<>();
        users.forEach((user, connections) -> list.add(new Payloads.PresentUser(user, connections)));
        return list;
    }
}
