package io.ghostide.realtime.ghost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Ghost in a running server, switched to an OpenAI-compatible model by properties alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.ghost.provider=openai", "ghostide.ghost.model=llama3.2", "ghostide.ghost.api-key=sk-from-config",
        "ghostide.ghost.first-token-timeout=3s", "ghostide.ghost.total-timeout=8s",
        "ghostide.ghost.reactions.on-run=false", "ghostide.ghost.reactions.on-save=false" })
class GhostOpenAiEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final FakeOpenAiServer MODEL = start();

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

    @Autowired
    HookPublisher hooks;

    @Test
    void ghostChatStreamsTheModelsAnswerToAPlainWebSocket() throws Exception {
        MODEL.answerWith(request -> MODEL.stream("Boo! ", "A list ", "sorts with ", "`sorted(xs)`."));
        try (RawClient client = RawClient.connect(this.port, "openai-chat")) {
            client.sendCommand("ghost_chat", "{\"message\":\"How do I sort?\"}");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            assertThat(GhostFrames.ofType(frames, "ai_response_chunk")).extracting(f -> f.get("data").get("delta").asString())
                    .containsExactly("Boo! ", "A list ", "sorts with ", "`sorted(xs)`.");
            JsonNode message = GhostFrames.ofType(frames, "ai_response").get(0).get("data").get("message");
            assertThat(message.get("content").asString()).isEqualTo("Boo! A list sorts with `sorted(xs)`.");
            assertThat(message.get("context").get("provider").asString()).isEqualTo("openai");
        }
        FakeOpenAiServer.Received request = MODEL.nextRequest();
        assertThat(request.authorization()).isEqualTo("Bearer sk-from-config");
        assertThat(request.body().get("model").asString()).isEqualTo("llama3.2");
        assertThat(request.lastUserMessage()).isEqualTo("How do I sort?");
    }

    @Test
    void aStalledModelAnswersTheHttpCallWith504AndTheSessionWithAiError() throws Exception {
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

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
