package io.ghostide.realtime.connection;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ghostide.realtime.system.SessionIds;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contract's stats endpoints. {@code /ws/status} shares its path with the raw endpoint of a
 * session named "status": the WebSocket mapping, ahead of this one, takes every upgrade by
 * {@link WebSocketUpgrades}, so what reaches this mapping is not one (the JDK's HTTP client sends
 * {@code Upgrade: h2c}, which gets the stats).
 */
@RestController
class ConnectionStatsController {

    /** {@code GET /ws/status}; {@code nodes} only with several instances (redis mode). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServerStatus(int totalConnections, List<String> activeSessions, int sessionCount,
            @Nullable List<ClusterStats.NodeConnections> nodes) {
    }

    /** {@code GET /ws/sessions/{id}/connections}; {@code nodes} only with several instances (redis mode). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionConnections(String sessionId, int connectionCount, boolean isActive,
            @Nullable List<ClusterStats.NodeConnections> nodes) {
    }

    private final ClusterStats stats;

    ConnectionStatsController(ClusterStats stats) {
        this.stats = stats;
    }

    @GetMapping("/ws/status")
    ServerStatus status() {
        ClusterStats.Status status = this.stats.status();
        return new ServerStatus(status.totalConnections(), status.activeSessions(), status.activeSessions().size(),
                status.nodes());
    }

    @GetMapping("/ws/sessions/{sessionId}/connections")
    SessionConnections sessionConnections(@PathVariable String sessionId) {
        ClusterStats.SessionCount count = this.stats.sessionCount(SessionIds.requireValid(sessionId));
        return new SessionConnections(sessionId, count.connections(), count.connections() > 0, count.nodes());
    }
}
