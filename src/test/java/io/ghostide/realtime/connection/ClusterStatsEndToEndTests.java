package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.List;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.connection.ClusterReports.nodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances and one Redis: the stats endpoints and the per-session cap count both, and a dead one drops out. */
class ClusterStatsEndToEndTests {

    // every instance reports each second and counts one gone after 8 s (the defaults are 5 s and 15 s)
    private static final String HEARTBEAT = "ghostide.cluster.heartbeat=1s";

    private static final String NODE_TIMEOUT = "ghostide.cluster.node-timeout=8s";

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("node", "ghostide.connection.max-per-session=3", HEARTBEAT,
            NODE_TIMEOUT);

    @Test
    void bothInstancesAnswerForTheWholeCluster() {
        ServerInstance a = cluster.a();
        ServerInstance b = cluster.b();
        try (RawClient onA = RawClient.connect(a.port(), "shared-count");
                RawClient onB = RawClient.connect(b.port(), "shared-count");
                StompClient stompOnB = StompClient.connect(b.port())) {
            stompOnB.subscribe("/topic/session/only-b");
            for (ServerInstance server : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    JsonNode session = server.json("/ws/sessions/shared-count/connections");
                    assertThat(session.get("connection_count").asInt()).isEqualTo(2);
                    assertThat(session.get("is_active").asBoolean()).isTrue();
                    assertThat(nodes(session)).containsExactlyInAnyOrder("node-a=1", "node-b=1");
                    JsonNode status = server.json("/ws/status");
                    assertThat(status.get("total_connections").asInt()).isEqualTo(3);
                    assertThat(status.get("active_sessions")).extracting(JsonNode::asString)
                            .containsExactlyInAnyOrder("shared-count", "only-b");
                    assertThat(status.get("session_count").asInt()).isEqualTo(2);
                    assertThat(nodes(status)).containsExactlyInAnyOrder("node-a=1", "node-b=2");
                });
            }
            onB.close();
            await().atMost(Duration.ofSeconds(2)).until(
                    () -> a.json("/ws/sessions/shared-count/connections").get("connection_count").asInt() == 1);
        }
    }

    @Test
    void thePerSessionCapCountsEveryInstance() throws Exception {
        ServerInstance a = cluster.a();
        ServerInstance b = cluster.b();
        try (RawClient first = RawClient.connect(a.port(), "capped-cluster");
                RawClient second = RawClient.connect(b.port(), "capped-cluster");
                RawClient third = RawClient.connect(b.port(), "capped-cluster")) {
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> a.json("/ws/sessions/capped-cluster/connections").get("connection_count").asInt() == 3);
            // one on A and two on B: A refuses a fourth although it holds only one
            try (RawSocket fourth = RawSocket.upgrade(a.port(), "/ws/capped-cluster", 0)) {
                assertThat(fourth.statusLine()).contains(" 429");
            }
            assertThat(first.closed()).isNotDone();
        }
    }

    @Test
    void anInstanceThatStopsReportingDropsOutAfterTheNodeTimeout() {
        ServerInstance a = cluster.a();
        try (ServerInstance c = ServerInstance.redis(cluster.redis(), "node-c", HEARTBEAT, NODE_TIMEOUT);
                RawClient onC = RawClient.connect(c.port(), "on-c")) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> a.json("/ws/sessions/on-c/connections").get("connection_count").asInt() == 1);
            // as if killed: no more reports, and nothing cleaned up
            ClusterReports.halt(c);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.json("/ws/sessions/on-c/connections").get("connection_count").asInt() == 0);
            assertThat(nodes(a.json("/ws/status"))).noneMatch(node -> node.startsWith("node-c="));
        }
    }
}
