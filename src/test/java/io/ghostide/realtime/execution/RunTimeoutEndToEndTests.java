package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's {@code timeout} has one bound, 1 s to {@code max-timeout} (here 10 s): 0, the contract's
 * 301 and 11, over the configured maximum, are refused with the same status, title and detail on
 * REST, the raw socket and STOMP, and start no run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.execution.max-timeout=10s", "ghostide.execution.default-timeout=5s" })
class RunTimeoutEndToEndTests {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(ints = { 0, 301, 11, -5 })
    void restRefusesATimeoutOutsideTheBound(int timeout) throws Exception {
        HttpResponse<String> response = execute("rest-timeout", timeout);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Invalid timeout");
        assertThat(problem.get("detail").asString()).isEqualTo(detail(timeout));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 301, 11, -5 })
    void theRawSocketRefusesItTheSameWayWithoutStartingARun(int timeout) {
        try (RawClient raw = RawClient.connect(this.port, "raw-timeout")) {
            raw.sendCommand("execute_code", command(timeout));
            assertRefused(raw.next(), timeout);
            // the next thing the session hears is the pong: no run started in between
            raw.sendCommand("ping", "{}");
            assertThat(raw.next().get("type").asString()).isEqualTo("pong");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 301, 11, -5 })
    void stompRefusesItTheSameWayWithoutStartingARun(int timeout) {
        try (StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            StompClient.Subscription topic = stomp.subscribe("/topic/session/stomp-timeout");
            stomp.send("/app/session/stomp-timeout", "{\"type\":\"execute_code\",\"data\":" + command(timeout) + "}");
            assertRefused(replies.next(), timeout);
            stomp.send("/app/session/stomp-timeout", "{\"type\":\"ping\",\"data\":{}}");
            assertThat(replies.next().get("type").asString()).isEqualTo("pong");
            assertThat(topic.poll(Duration.ofMillis(300))).isNull();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    @Test
    void theConfiguredMaximumItselfIsAccepted() throws Exception {
        HttpResponse<String> response = execute("max-timeout", 10);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("ok");
    }

    private static void assertRefused(JsonNode error, int timeout) {
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("data").get("code").asInt()).isEqualTo(400);
        assertThat(error.get("data").get("error").asString()).isEqualTo("Invalid timeout");
        assertThat(error.get("data").get("detail").asString()).isEqualTo(detail(timeout));
    }

    private static String detail(int timeout) {
        return "timeout must be between 1 and 10 seconds, got " + timeout;
    }

    private static String command(int timeout) {
        return "{\"code\":\"print(1)\",\"language\":\"python\",\"timeout\":" + timeout + "}";
    }

    private HttpResponse<String> execute(String sessionId, int timeout) {
        String body = "{\"session_id\":\"" + sessionId + "\",\"language\":\"python\",\"code\":\"print(1)\",\"timeout\":"
                + timeout + "}";
        return Http.on(this.port).withTimeout(Duration.ofSeconds(60)).postJson("/api/v1/execution/execute/websocket",
                body);
    }
}
