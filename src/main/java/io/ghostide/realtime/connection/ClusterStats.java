package io.ghostide.realtime.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Connection counts of the whole server, which in {@code ghostide.cluster.mode=redis} is every
 * live instance: what the stats endpoints answer and what the per-session cap counts.
 */
public interface ClusterStats {

    /** One instance's share of a count. */
    record NodeConnections(String nodeId, int connections) {
    }

    /**
     * @param nodes each live instance's connections; {@code null} in local mode
     */
    record Status(int totalConnections, List<String> activeSessions, @Nullable List<NodeConnections> nodes) {
    }

    /**
     * @param nodes each live instance's connections to the session; {@code null} in local mode
     */
    record SessionCount(int connections, @Nullable List<NodeConnections> nodes) {
    }

    Status status();

    SessionCount sessionCount(String sessionId);

    /** Connections of the session on other instances, as last reported; 0 in local mode. */
    int elsewhere(String sessionId);

    /** The counts of this process alone, for {@code ghostide.cluster.mode=local}. */
    static ClusterStats local(ConnectionStats stats) {
        return new ClusterStats() {
            @Override
            public Status status() {
                return new Status(stats.totalConnections(), stats.activeSessions(), null);
            }

            @Override
            public SessionCount sessionCount(String sessionId) {
                return new SessionCount(stats.connectionCount(sessionId), null);
            }

            @Override
            public int elsewhere(String sessionId) {
                return 0;
            }
        };
    }
}
