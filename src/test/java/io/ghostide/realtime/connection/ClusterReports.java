package io.ghostide.realtime.connection;

import java.util.List;

import io.ghostide.realtime.support.ServerInstance;
import tools.jackson.databind.JsonNode;

/**
 * For tests of other features: reads the instances' connection reports in a stats answer, and
 * makes an instance stop reporting its connections, as one that was killed does.
 */
public final class ClusterReports {

    private ClusterReports() {
    }

    /** The {@code nodes} of a stats answer ({@code /ws/status}, a session's connections) as {@code node-id=connections}. */
    public static List<String> nodes(JsonNode response) {
        return response.get("nodes").valueStream()
                .map(node -> node.get("node_id").asString() + "=" + node.get("connections").asInt())
                .toList();
    }

    /** Stops the instance's heartbeat without leaving the cluster; its report expires after the node timeout. */
    public static void halt(ServerInstance instance) {
        instance.context().getBean(RedisClusterStats.class).halt();
    }
}
