package io.ghostide.realtime.presence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/** Presence of this instance alone, in memory: for the {@code local} cluster mode. */
final class InMemoryPresenceStore implements PresenceStore {

    // session id -> (connection id -> entry); a session's map goes once it is empty
    private final Map<String, Map<String, PresenceEntry>> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean add(String sessionId, PresenceEntry entry) {
        boolean[] added = { false };
        this.sessions.compute(sessionId, (id, entries) -> {
            Map<String, PresenceEntry> map = entries != null ? entries : new ConcurrentHashMap<>();
            added[0] = map.putIfAbsent(entry.connectionId(), entry) == null;
            return map;
        });
        return added[0];
    }

    @Override
    public @Nullable PresenceEntry remove(String sessionId, String connectionId) {
        Object[] removed = { null };
        this.sessions.computeIfPresent(sessionId, (id, entries) -> {
            removed[0] = entries.remove(connectionId);
            return entries.isEmpty() ? null : entries;
        });
        return (PresenceEntry) removed[0];
    }

    @Override
    public List<PresenceEntry> entries(String sessionId) {
        Map<String, PresenceEntry> entries = this.sessions.get(sessionId);
        if (entries == null) {
            return List.of();
        }
        List<PresenceEntry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparing(PresenceEntry::joinedAt).thenComparing(PresenceEntry::connectionId));
        return list;
    }
}
