package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 15 MiB {@code context.code} attack on Ghost: refused with 413 over REST and as a command,
 * before Ghost looks at it or keeps it; a question within the limit is still answered. The
 * limit is 16 KB here so that the command (whose frame may be at most 64 KB) can pass it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.ghost.max-context-size=16KB", "ghostide.ghost.offline-chunk-delay=0ms" })
class GhostContextLimitsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    GhostSessions sessions;

    private HttpResponse<String> chat(String sessionId, String body) throws Exception {
        return Http.on(this.port).postJson("/api/v1/ghost/chat/" + sessionId, body);
    }

    @Test
    void aFifteenMibContextIsRefusedWith413WithoutBeingKept() throws Exception {
        int before = this.sessions.size();
        String code = "x = 1\n".repeat(15 * 1024 * 1024 / 6);
        long started = System.nanoTime();
        HttpResponse<String> response = chat("ghost-huge", JSON.writeValueAsString(
                java.util.Map.of("message", "why?", "context", java.util.Map.of("code", code))));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asString()).contains("ghostide.ghost.max-context-size");
        assertThat(this.sessions.size()).isEqualTo(before);
        org.apache.commons.logging.LogFactory.getLog(getClass()).info("A 15 MiB context was refused after " + millis + " ms");

        // within the limit, the same session is answered as before
        HttpResponse<String> fine = chat("ghost-huge", "{\"message\":\"why?\",\"context\":{\"code\":\"print(1)\"}}");
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void aClientThatWritesItsWholeBodyBeforeReadingReadsThe413() throws Exception {
        // refused at once, the server would close on 15 MiB it never read, and the write reset
        String body = "{\"message\":\"why?\",\"context\":{\"code\":\"" + "z".repeat(15 * 1024 * 1024) + "\"}}";
        for (int i = 0; i < 3; i++) {
            HttpProbe.Response response = HttpProbe.request(this.port, "POST", "/api/v1/ghost/chat/ghost-whole", body,
                    "Content-Type", "application/json");
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
            assertThat(response.body()).contains("ghostide.ghost.max-context-size");
        }
    }

    @Test
    void aClientThatExpectsContinueIsRefusedBeforeItSendsItsBody() throws Exception {
        // no body follows the headers: reading one would wait out the idle timeout
        HttpProbe.Response response = HttpProbe.request(this.port, "POST", "/api/v1/ghost/chat/ghost-expect", null,
                "Content-Type", "application/json", "Content-Length", "10000000", "Expect", "100-continue");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("ghostide.ghost.max-context-size");
    }

    @Test
    void aTooLargeContextOnTheCommandGetsError413ToTheSenderAlone() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "ghost-cmd");
                RawClient neighbour = RawClient.connect(this.port, "ghost-cmd")) {
            String code = "y".repeat(20 * 1024);
            sender.sendCommand("ghost_chat", "{\"message\":\"hi\",\"context\":{\"code\":\"" + code + "\"}}");
            JsonNode error = sender.nextOfType("error");
            assertThat(error.path("data").path("code").asInt()).isEqualTo(413);
            assertThat(error.path("data").path("detail").asString()).contains("at most 16384 characters");
            // the neighbour heard nothing of it: no ai_typing, no answer
            assertThat(neighbour.poll(java.time.Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void ghostRemembersAtMostMaxSessions() {
        GhostSessions bounded = new GhostSessions(20, 3, Long.MAX_VALUE);
        for (int i = 0; i < 100; i++) {
            bounded.get("s" + i).codeSent(new GhostPrompt.CodeUnit(null, "python", "z".repeat(100_000)));
        }
        assertThat(bounded.size()).isEqualTo(3);
        // code past the remembered size is kept by name only
        assertThat(bounded.get("s99").snapshot().current().code()).isEmpty();
    }
}
