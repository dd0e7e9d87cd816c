package io.ghostide.realtime.connection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.ghostide.realtime.cluster.SharedLeases;
import org.jspecify.annotations.Nullable;

/** One open connection as the registry sees it: its queued session and what it is subscribed to. */
final class OpenConnection {

    final QueuedWebSocketSession session;

    // subscription id -> session id; guarded by this
    final Map<String, String> subscriptions = new HashMap<>(4);

    // ids of the subscriptions to anything but a session topic; guarded by this
    final Set<String> otherSubscriptions = new HashSet<>(2);

    // session id -> the connection's place in its user's share of the session, counted by every instance; guarded by this
    final Map<String, SharedLeases.Lease> shares = new HashMap<>(4);

    // guarded by this
    boolean closed;

    // who the connection's client is for the per-user share of a session, set when it first joins one
    volatile @Nullable String shareKey;

    OpenConnection(QueuedWebSocketSession session) {
        this.session = session;
    }

    /** Subscriptions of any destination; called holding this. */
    int subscriptionCount() {
        return this.subscriptions.size() + this.otherSubscriptions.size();
    }
}
