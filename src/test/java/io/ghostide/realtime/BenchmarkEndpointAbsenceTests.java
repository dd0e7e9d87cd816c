package io.ghostide.realtime;

import java.net.http.HttpResponse;

import io.ghostide.realtime.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production application has no benchmark endpoint, even with the property that once
 * switched it on: the publisher is bench code ({@code io.ghostide.bench}, test sources).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ghostide.benchmark.enabled=true")
class BenchmarkEndpointAbsenceTests {

    @LocalServerPort
    int port;

    @Test
    void publishIsNotFound() throws Exception {
        HttpResponse<String> response = Http.on(this.port).postJson("/benchmark/publish",
                "{\"session_ids\":[\"s1\"],\"count\":1,\"rate_per_second\":0,\"payload_bytes\":0}");
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void noApplicationClassServesIt() {
        // the main output holds no bench code: the classes below come from test sources only
        assertThat(GhostIdeRealtimeApplication.class.getResource("bench")).isNull();
        assertThat(BenchmarkEndpointAbsenceTests.class.getClassLoader()
                .getResource("io/ghostide/bench/BenchmarkPublisher.class").getPath()).contains("test-classes");
    }
}
