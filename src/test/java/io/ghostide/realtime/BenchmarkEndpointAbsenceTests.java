package io.ghostide.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + this.port + "/benchmark/publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"session_ids\":[\"s1\"],\"count\":1,\"rate_per_second\":0,\"payload_bytes\":0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
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
