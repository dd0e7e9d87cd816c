package io.ghostide.realtime.connection;

import java.util.List;

import io.ghostide.realtime.system.SessionIds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contract's stats endpoints. {@code /ws/status} shares its path with the raw endpoint of a
 * session named "status", so it answers only requests that are not WebSocket upgrades (the JDK's
 * HTTP client sends {@code Upgrade: h2c}, which must still get the stats).
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

    @GetMapping(path = "/ws/status", headers = { "Upgrade!=websocket", "Upgrade!=WebSocket" })
    ServerStatus status() {
        List<String> sessions = this.stats.activeSessions();
        return new ServerStatus(this.stats.totalConnections(), sessions, sessions.size());
    }

    @GetMapping("/ws/sessions/{sessionId}/connections")
    SessionConnections sessionConnections(@PathVariable String sessionId) {
        int count = this.stats.connectionCount(SessionIds.requireValid(sessionId));
        return new SessionConnections(sessionId, count, count > 0);
    }
}
