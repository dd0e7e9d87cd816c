package io.ghostide.realtime.connection;

import java.util.List;

import io.ghostide.realtime.system.SessionIds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contract's stats endpoints. They live under {@code /ws/} beside the raw WebSocket
 * endpoint, so they answer only requests that are not upgrades.
 */
@RestController
class ConnectionStatsController {

    /** {@code GET /ws/status}. */
    record ServerStatus(int totalConnections, List<String> activeSessions, int sessionCount) {
    }

    /** {@code GET /ws/sessions/{id}/connections}. */
    record SessionConnections(String sessionId, int connectionCount, boolean isActive) {
    }

    private final ConnectionStats stats;

    ConnectionStatsController(ConnectionStats stats) {
        this.stats = stats;
    }

    @GetMapping(path = "/ws/status", headers = "!Upgrade")
    ServerStatus status() {
        List<String> sessions = this.stats.activeSessions();
        return new ServerStatus(this.stats.totalConnections(), sessions, sessions.size());
    }

    @GetMapping(path = "/ws/sessions/{sessionId}/connections", headers = "!Upgrade")
    SessionConnections sessionConnections(@PathVariable String sessionId) {
        int count = this.stats.connectionCount(SessionIds.requireValid(sessionId));
        return new SessionConnections(sessionId, count, count > 0);
    }
}
