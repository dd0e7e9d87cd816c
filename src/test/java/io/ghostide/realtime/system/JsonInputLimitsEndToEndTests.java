package io.ghostide.realtime.system;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Huge JSON input against a server held to a 256 MiB heap, in a JVM of its own that ends on
 * an {@link OutOfMemoryError}: three 150 MB bodies at once, which that heap could never build,
 * are each refused with a problem detail while (or before) they are read, and the server goes
 * on serving.
 */
class JsonInputLimitsEndToEndTests {

    private static final long HUGE = 150L * 1024 * 1024;

    private static final String RUN = "/api/v1/execution/execute/websocket";

    private static ServerProcess server;

    private static final ExecutorService uploads = Executors.newFixedThreadPool(3);

    @BeforeAll
    static void startServer() {
        server = ServerProcess.local("256m", "ghostide.ghost.offline-chunk-delay=0ms",
                "ghostide.rate-limit.execute-code-burst=100", "ghostide.rate-limit.ghost-chat-burst=100",
                "ghostide.rate-limit.overall-burst=200");
    }

    @AfterAll
    static void stopServer() {
        uploads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void serverStillServesANormalRun() throws Exception {
        assertThat(server.isAlive()).as("the server process ran out of memory or died:%n%s", server.log()).isTrue();
        HttpResponse<String> run = post(RUN, "{\"session_id\":\"after-huge\",\"language\":\"python\",\"code\":\"print(6 * 7)\"}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(JSON.readTree(run.body()).path("stdout").asString()).isEqualTo("42\n");
        assertThat(server.log()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void threeHugeRunBodiesWithTheirLengthAreRefusedWith413BeforeTheyAreRead() throws Exception {
        List<HttpProbe.Response> responses = atOnce(i -> runBody("huge-" + i), false);
        for (HttpProbe.Response response : responses) {
            assertProblem(response, 413, "Request too large");
            assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("at most 8065536 bytes")
                    .contains("a run's code and input");
        }
    }

    @Test
    void threeHugeChunkedRunBodiesAreRefusedWith413WhileTheyAreParsed() throws Exception {
        List<HttpProbe.Response> responses = atOnce(i -> runBody("chunked-" + i), true);
        for (HttpProbe.Response response : responses) {
            assertProblem(response, 413, "Value too large");
            assertThat(JSON.readTree(response.body()).path("detail").asString())
                    .contains("more than 1048576 characters").contains("ghostide.workspace.max-file-size");
        }
    }

    @Test
    void threeHugeGhostContextsAreRefusedWith413() throws Exception {
        // one with its length, refused before it is read; two chunked, one a long string and one
        // millions of tiny values (no string limit stops those; the endpoint's body size does)
        List<HttpProbe.Response> responses = List.of(
                CompletableFuture.supplyAsync(() -> upload("/api/v1/ghost/chat/huge-ghost", stringContext(), false), uploads),
                CompletableFuture.supplyAsync(() -> upload("/api/v1/ghost/chat/huge-ghost", stringContext(), true), uploads),
                CompletableFuture.supplyAsync(() -> upload("/api/v1/ghost/chat/huge-ghost", manyValuesContext(), true), uploads))
                .stream().map(CompletableFuture::join).toList();
        assertProblem(responses.get(0), 413, "Request too large");
        assertProblem(responses.get(1), 413, "Value too large");
        assertProblem(responses.get(2), 413, "Request too large");
        assertThat(JSON.readTree(responses.get(2).body()).path("detail").asString())
                .contains("ghostide.ghost.max-context-size");
        HttpResponse<String> chat = post("/api/v1/ghost/chat/huge-ghost",
                "{\"message\":\"why?\",\"context\":{\"code\":\"print(1)\"}}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    }

    @Test
    void aFrameNestedTooDeeplyGetsError400WithoutClosingTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(server.port(), "deep-frame")) {
            client.send("{\"type\":\"ping\",\"data\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}");
            JsonNode error = client.nextOfType("error");
            assertThat(error.path("data").path("code").asInt()).isEqualTo(400);
            assertThat(error.path("data").path("detail").asString()).isEqualTo("Objects and arrays may nest at most 64 levels deep");
            client.sendCommand("ping", "{}");
            assertThat(client.nextOfType("pong")).isNotNull();
        }
    }

    private static List<HttpProbe.Response> atOnce(IntFunction<Body> bodies, boolean chunked) {
        List<CompletableFuture<HttpProbe.Response>> sent = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> upload(RUN, bodies.apply(i), chunked), uploads)).toList();
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static HttpProbe.Response upload(String path, Body body, boolean chunked) {
        try {
            return HttpProbe.upload(server.port(), "POST", path, body.stream(), chunked ? -1 : body.length(),
                    "Content-Type", "application/json");
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static void assertProblem(HttpProbe.Response response, int status, String title) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("title").asString()).isEqualTo(title);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        // in the project's words: no stack trace, no parser's class names
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("jackson").doesNotContain("\tat ");
    }

    /** A run body of {@link #HUGE} bytes, made as it is sent: its code is one long string. */
    private static Body runBody(String sessionId) {
        return body("{\"session_id\":\"" + sessionId + "\",\"language\":\"python\",\"code\":\"", "x", "\"}");
    }

    private static Body stringContext() {
        return body("{\"message\":\"why?\",\"context\":{\"code\":\"", "y", "\"}}");
    }

    private static Body manyValuesContext() {
        return body("{\"message\":\"why?\",\"context\":{\"values\":[0", ",0", "]}}");
    }

    /** A body made as it is sent, and its length. */
    private record Body(InputStream stream, long length) {
    }

    /** {@code head}, {@code unit} repeated, {@code tail}: about {@link #HUGE} bytes in all. */
    private static Body body(String head, String unit, String tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = tail.getBytes(StandardCharsets.UTF_8);
        byte[] repeated = unit.getBytes(StandardCharsets.UTF_8);
        long fill = (HUGE - start.length - end.length) / repeated.length * repeated.length;
        InputStream filler = new InputStream() {

            private long position;

            @Override
            public int read() {
                return this.position == fill ? -1 : repeated[(int) (this.position++ % repeated.length)];
            }
        };
        return new Body(new SequenceInputStream(new ByteArrayInputStream(start),
                new SequenceInputStream(filler, new ByteArrayInputStream(end))), start.length + fill + end.length);
    }

    private HttpResponse<String> post(String path, String json) {
        return Http.on(server.port()).withTimeout(Duration.ofSeconds(60)).postJson(path, json);
    }
}
