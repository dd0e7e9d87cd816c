package io.ghostide.realtime.execution;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that resumes after the history has dropped a 200,000-line run gets every line of it
 * from the transcript, byte for byte. The run prints about 11 MB, more than the history's
 * default 8 MiB, so the history drops its start; the output limit is raised to let it, and the
 * transcript page is made small so that the client follows {@code next} across many pages. The
 * history and transcript bounds keep their defaults.
 */
@LongOutputServerTest
class TranscriptResumeAcceptanceTests {

    static final int LINES = 200_000;

    // every line has two- and three-byte characters, so chunk boundaries fall inside them too
    static final String PROGRAM = """
            import sys
            write = sys.stdout.buffer.write
            for i in range(%d):
                write(f"{i:06d} héllo wörld ✓ {'x' * 30}\\n".encode())
            """.formatted(LINES);

    @LocalServerPort
    int port;

    @Test
    void aClientThatResumesAfterTheHistoryDroppedARunGetsAllOfItFromTheTranscript() throws Exception {
        String session = "acceptance-200k";
        String epoch;
        long seq;
        try (RawClient before = RawClient.connect(this.port, session)) {
            epoch = before.connectFrame().path("data").path("epoch").asString();
            seq = before.connectFrame().path("data").path("seq").asLong();
        }
        // the tab is away while the program runs
        HttpResponse<String> run = post("/api/v1/execution/execute/websocket",
                JSON.writeValueAsString(Map.of("session_id", session, "language", "python", "code", PROGRAM)));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(JSON.readTree(run.body()).path("status").asString()).isEqualTo("ok");

        try (RawClient back = RawClient.connect(this.port, session + "?since=" + seq + "&epoch=" + epoch)) {
            assertThat(back.connectFrame().path("data").path("recovered").asBoolean(true)).isFalse();
        }
        JsonNode runs = get("/api/v1/sessions/" + session + "/executions");
        String id = runs.path("executions").get(0).path("execution_id").asString();

        byte[] printed = readWhole(this::get, id, 100);
        byte[] expected = expectedOutput();
        assertThat(expected.length).isGreaterThan(8 * 1024 * 1024);
        assertThat(printed.length).isEqualTo(expected.length);
        assertThat(printed).isEqualTo(expected);
    }

    /** What {@link #PROGRAM} prints. */
    static byte[] expectedOutput() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < LINES; i++) {
            expected.writeBytes("%06d héllo wörld ✓ %s\n".formatted(i, "x".repeat(30)).getBytes(StandardCharsets.UTF_8));
        }
        return expected.toByteArray();
    }

    /**
     * A run's stdout read from its transcript as a client does, page after page from {@code next}
     * until {@code complete}, checking that each page holds {@code pageSize} events but the last.
     */
    static byte[] readWhole(Page get, String executionId, int pageSize) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int from = 0;
        int pages = 0;
        for (boolean complete = false; !complete; pages++) {
            JsonNode page = get.json("/api/v1/executions/" + executionId + "/transcript?from=" + from);
            assertThat(page.path("status").asString()).isEqualTo("ok");
            for (JsonNode event : page.path("events")) {
                assertThat(event.path("index").asInt()).isEqualTo(from++);
                assertThat(event.path("kind").asString()).isEqualTo("stdout");
                printed.writeBytes(event.path("text").asString().getBytes(StandardCharsets.UTF_8));
            }
            assertThat(page.path("next").asInt()).isEqualTo(from);
            complete = page.path("complete").asBoolean();
            assertThat(complete || page.path("events").size() == pageSize).isTrue();
        }
        assertThat(pages).isGreaterThan(1);
        return printed.toByteArray();
    }

    /** GETs a path as JSON. */
    @FunctionalInterface
    interface Page {

        JsonNode json(String path) throws Exception;
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = Http.on(this.port).get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(String path, String json) {
        return Http.on(this.port).withTimeout(Duration.ofMinutes(2)).postJson(path, json);
    }
}
