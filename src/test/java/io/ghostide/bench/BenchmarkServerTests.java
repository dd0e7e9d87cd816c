package io.ghostide.bench;

import java.net.http.HttpResponse;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The application as the benchmark launches it serves the publisher its scenarios drive. */
@SpringBootTest(classes = { GhostIdeRealtimeApplication.class, BenchmarkPublisher.class },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BenchmarkServerTests {

    @LocalServerPort
    int port;

    @Test
    void publishReachesASubscriberInOrder() throws Exception {
        try (RawClient client = RawClient.connect(this.port, "bench-s1")) {
            HttpResponse<String> response = Http.on(this.port).postJson("/benchmark/publish",
                    "{\"session_ids\":[\"bench-s1\"],\"count\":3,\"rate_per_second\":0,\"payload_bytes\":8}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"published\":3");
            for (int i = 0; i < 3; i++) {
                JsonNode update = client.nextOfType("session_update");
                assertThat(update.at("/data/details/i").asInt()).isEqualTo(i);
                assertThat(update.at("/data/details/pad").asString()).isEqualTo("xxxxxxxx");
            }
        }
    }
}
