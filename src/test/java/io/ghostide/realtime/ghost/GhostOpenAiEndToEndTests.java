package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ghost in a running server, switched to an OpenAI-compatible model by properties alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.ghost.provider=openai", "ghostide.ghost.model=llama3.2", "ghostide.ghost.api-key=sk-from-config",
        "ghostide.ghost.first-token-timeout=3s", "ghostide.ghost.total-timeout=8s",
        "ghostide.ghost.reactions.on-run=false", "ghostide.ghost.reactions.on-save=false",
        "ghostide.ghost.limits.max-answer-size=4KB", "ghostide.ghost.limits.max-provider-calls=2" })
class GhostOpenAiEndToEndTests {

    private static final FakeOpenAiServer MODEL = FakeOpenAiServer.startedForTests();

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("ghostide.ghost.base-url", MODEL::baseUrl);
    }

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void forgetEarlierRequests() {
        MODEL.drainRequests();
    }

    @Autowired
    HookPublisher hooks;

    @Test
    void ghostChatStreamsTheModelsAnswerToAPlainWebSocket() throws Exception {
        MODEL.answerWith(request -> MODEL.stream("Boo! ", "A list ", "sorts with ", "`sorted(xs)`."));
        try (RawClient client = RawClient.connect(this.port, "openai-chat")) {
            client.sendCommand("ghost_chat", "{\"message\":\"How do I sort?\"}");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            JsonNode message = GhostFrames.ofType(frames, "ai_response").get(0).get("data").get("message");
            // the deltas come gathered into chunks, whose text is the answer's
            assertThat(GhostFrames.joinedChunks(frames, message.get("id").asString()))
                    .isEqualTo("Boo! A list sorts with `sorted(xs)`.");
            assertThat(message.get("content").asString()).isEqualTo("Boo! A list sorts with `sorted(xs)`.");
            assertThat(message.get("context").get("provider").asString()).isEqualTo("openai");
        }
        FakeOpenAiServer.Received request = MODEL.nextRequest();
        assertThat(request.authorization()).isEqualTo("Bearer sk-from-config");
        assertThat(request.body().get("model").asString()).isEqualTo("llama3.2");
        assertThat(request.lastUserMessage()).isEqualTo("How do I sort?");
    }

    @Test
    void aStalledModelTimesOutForTheCallerAsForTheSession() throws Exception {
        MODEL.answerWith(request -> MODEL.stall("http-stall"));
        try (RawClient client = RawClient.connect(this.port, "openai-stall")) {
            HttpResponse<String> response = post("/api/v1/ghost/chat/openai-stall", "{\"message\":\"hello?\"}");
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("title").asString()).isEqualTo("Ghost timed out");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            assertThat(frames).extracting(GhostFrames::type).containsExactly("ai_typing", "ai_error", "ai_typing");
            assertThat(frames.get(1).get("data").get("detail").asString()).contains("first-token-timeout");
        }
        assertThat(MODEL.nextDisconnect()).isEqualTo("http-stall");
    }

    @Test
    void aModelErrorAnswersTheHttpCallWith502() throws Exception {
        MODEL.answerWith(request -> MODEL.errorMidStream("model overloaded", "Hm"));
        try (RawClient client = RawClient.connect(this.port, "openai-error")) {
            HttpResponse<String> response = post("/api/v1/ghost/chat/openai-error", "{\"message\":\"hello?\"}");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(response.body()).get("detail").asString()).isEqualTo("model overloaded");
            List<JsonNode> frames = untilTypingStops(client);
            assertThat(frames).extracting(GhostFrames::type).containsExactly("ai_typing", "ai_response_chunk", "ai_error",
                    "ai_typing");
        }
    }

    @Test
    void aFailedRunIsSentToTheModelWithItsError() throws Exception {
        MODEL.answerWith(request -> MODEL.stream("`numbers[5]` is past the end."));
        try (RawClient client = RawClient.connect(this.port, "openai-hook")) {
            String code = "public class Main {\n    public static void main(String[] a) {\n        int[] numbers = new int[5];\n"
                    + "        numbers[5] = 1;\n    }\n}\n";
            this.hooks.fire(new RunFailed("openai-hook", "exec-9", "java", code, new ExecutionResult("",
                    "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 5\n"
                            + "\tat Main.main(Main.java:4)\n", 1, 0.4, false, ExecutionResult.Status.RUNTIME_ERROR, false)));
            assertThat(client.next().get("data").get("hook_type").asString()).isEqualTo("on_error");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            JsonNode response = GhostFrames.ofType(frames, "ai_response").get(0).get("data");
            assertThat(response.get("message").get("content").asString()).isEqualTo("`numbers[5]` is past the end.");
            assertThat(response.get("message").get("context").get("error_type").asString())
                    .isEqualTo("ArrayIndexOutOfBoundsException");
        }
        FakeOpenAiServer.Received request = MODEL.nextRequest();
        assertThat(request.lastUserMessage()).contains("Index 5 out of bounds for length 5")
                .contains("ArrayIndexOutOfBoundsException on line 4 of Main.java");
        assertThat(request.body().get("messages").get(0).get("content").asString()).contains("  4 |         numbers[5] = 1;");
    }

    @Test
    void aModelThatStreamsWithoutEndIsCutAtMaxAnswerSizeWithFewChunks() throws Exception {
        MODEL.answerWith(request -> MODEL.flood("flood", "word "));
        try (RawClient client = RawClient.connect(this.port, "openai-flood")) {
            client.sendCommand("ghost_chat", "{\"message\":\"Talk forever\"}");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            JsonNode message = GhostFrames.ofType(frames, "ai_response").get(0).get("data").get("message");
            assertThat(message.get("content").asString()).hasSize(4096).startsWith("word word ");
            assertThat(message.get("context").get("truncated").asBoolean()).isTrue();
            // 4096 characters in chunks of at most 1 KB, or what 100 ms gathered: a few, not 800 tokens' worth
            List<JsonNode> chunks = GhostFrames.ofType(frames, "ai_response_chunk");
            assertThat(chunks).hasSizeBetween(4, 100);
            assertThat(chunks).extracting(chunk -> chunk.get("data").get("index").asInt())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
            assertThat(GhostFrames.joinedChunks(frames, message.get("id").asString())).isEqualTo(message.get("content").asString());
        }
        // the stream was cancelled: the model server saw its client go
        assertThat(MODEL.nextDisconnect()).isEqualTo("flood");
    }

    @Test
    void manyHooksAtOnceNeverHaveMoreProviderCallsInFlightThanTheBound() throws Exception {
        MODEL.answerWith(request -> MODEL.stall("hooks"));
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 0);
        MODEL.resetMaxInFlight();
        // sixty sessions' runs fail at once (a session's newer reaction would replace its older one instead)
        for (int i = 0; i < 60; i++) {
            this.hooks.fire(new RunFailed("openai-hooks-" + i, "exec-" + i, "python", "print(x)\n",
                    new ExecutionResult("", "NameError: name 'x' is not defined\n", 1, 0.1, false,
                            ExecutionResult.Status.RUNTIME_ERROR, false)));
        }
        // the two calls allowed reach the model; every other reaction was skipped
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 2);
        // the first-token timeout (3 s) ends both; nothing waited behind them
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 0);
        assertThat(MODEL.maxInFlight()).isEqualTo(2);
    }

    private static List<JsonNode> untilTypingStops(RawClient client) {
        List<JsonNode> frames = new ArrayList<>();
        for (;;) {
            JsonNode frame = client.next();
            frames.add(frame);
            if ("ai_typing".equals(GhostFrames.type(frame)) && !frame.get("data").get("is_typing").asBoolean()) {
                return frames;
            }
        }
    }

    private HttpResponse<String> post(String path, String json) {
        return Http.on(this.port).postJson(path, json);
    }

}
