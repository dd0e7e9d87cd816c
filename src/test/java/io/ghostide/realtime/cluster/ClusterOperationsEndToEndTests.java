package io.ghostide.realtime.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health groups, metrics and the mode switch, as a load balancer and an operator see them. */
class ClusterOperationsEndToEndTests {

    @Test
    void localModeIsReadyWithoutRedis() {
        // nothing listens on this Redis URL: local mode must not try it
        try (ServerInstance server = ServerInstance.start("spring.data.redis.url=redis://127.0.0.1:1")) {
            assertThat(server.beansOfType(RedisConnectionFactory.class)).isEmpty();
            assertThat(server.get("/actuator/health").statusCode()).isEqualTo(200);
            assertThat(server.get("/actuator/health/liveness").body()).contains("\"UP\"");
            HttpResponse<String> readiness = server.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"UP\"");
        }
    }

    @Test
    void prometheusNamesTheNode() {
        try (ServerInstance server = ServerInstance.start("ghostide.cluster.node-id=node-under-test")) {
            HttpResponse<String> metrics = server.get("/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("ghostide_connections").contains("node=\"node-under-test\"");
        }
    }

    @Test
    void readinessFollowsRedis() {
        try (RedisServer redis = RedisServer.start(); ServerInstance server = ServerInstance.redis(redis, "ready-a")) {
            assertThat(server.beansOfType(RedisConnectionFactory.class)).isNotEmpty();
            assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

            redis.kill();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.get("/actuator/health/readiness").statusCode() == 503);
            assertThat(server.get("/actuator/health").statusCode()).isEqualTo(503);
            // Redis is not the instance's life: a load balancer must not restart it for that
            assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

            redis.restart();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.get("/actuator/health/readiness").statusCode() == 200);
        }
    }
}
