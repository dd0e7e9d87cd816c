package io.ghostide.realtime.ghost;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.ghostide.realtime.execution.RunDirectoryContributor;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.hooks.RunStarted;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.support.GhostFilesServerTest;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ghost in a running server with the offline provider, as a user with no network meets it. */
@GhostFilesServerTest
class GhostEndToEndTests {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @LocalServerPort
    int port;

    @Autowired
    HookPublisher hooks;

    @Autowired
    List<RunDirectoryContributor> contributors;

    @Test
    void ghostChatFromAPlainWebSocketStreamsAnAnswerBetweenTypingIndicators() {
        try (RawClient client = RawClient.connect(this.port, "ghost-chat")) {
            client.sendCommand("ghost_chat", "{\"message\":\"How do I sort a list?\",\"sessionId\":\"ghost-chat\"}");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            assertThat(GhostFrames.type(frames.get(0))).isEqualTo("ai_typing");
            assertThat(GhostFrames.ofType(frames, "ai_response_chunk")).hasSizeGreaterThan(1);
            JsonNode response = GhostFrames.ofType(frames, "ai_response").get(0).get("data");
            String content = response.get("message").get("content").asString();
            assertThat(content).contains("sort").contains("```python");
            assertThat(response.get("message").get("sender").asString()).isEqualTo("ghost");
            assertThat(response.get("message").get("context").get("trigger").asString()).isEqualTo("chat");
            assertThat(GhostFrames.joinedChunks(frames, response.get("message").get("id").asString())).isEqualTo(content);
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).get("seq").asLong()).isEqualTo(frames.get(i - 1).get("seq").asLong() + 1);
            }
        }
    }

    @Test
    void theHttpChatAnswersWithTheMessageTheSessionSaw() throws Exception {
        try (RawClient client = RawClient.connect(this.port, "ghost-http")) {
            HttpResponse<String> response = post("/api/v1/ghost/chat/ghost-http",
                    "{\"message\":\"who are you?\",\"context\":{\"code\":\"print('hi')\\n\",\"language\":\"python\"}}");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode message = JSON.readTree(response.body());
            assertThat(message.get("sender").asString()).isEqualTo("ghost");
            assertThat(message.get("content").asString()).contains("I'm Ghost").contains("1 line of Python");
            assertThat(message.get("timestamp").asString()).endsWith("Z");
            List<JsonNode> frames = untilTypingStops(client);
            GhostFrames.assertBracketed(frames);
            JsonNode seen = GhostFrames.ofType(frames, "ai_response").get(0).get("data").get("message");
            assertThat(seen.get("id").asString()).isEqualTo(message.get("id").asString());
            assertThat(seen.get("content").asString()).isEqualTo(message.get("content").asString());
        }
    }

    @Test
    void badChatRequestsAreRefused() throws Exception {
        assertThat(post("/api/v1/ghost/chat/ghost-bad", "{\"message\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/ghost/chat/ghost-bad", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/ghost/chat/bad%20id", "{\"message\":\"hi\"}").statusCode()).isEqualTo(400);
        try (RawClient client = RawClient.connect(this.port, "ghost-bad")) {
            client.sendCommand("ghost_chat", "{\"message\":\"\"}");
            JsonNode error = client.next();
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(client.poll(Duration.ofMillis(200))).isNull();
        }
    }

    /**
     * A new user with no network saves two files, runs code that raises inside the saved module,
     * and reads Ghost's advice about that very error. The run is
     * a real CPython run in a directory filled by the run-directory contributors, reported through
     * the hooks the way the execution feature reports it.
     */
    @Test
    void ghostAdvisesOnTheVeryErrorOfARunOverSavedFiles(@TempDir Path workDir) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        String util = "def average(values):\n    return sum(values) / len(values)\n";
        String main = "import util\n\nscores = []\nprint(util.average(scores))\n";
        try (RawClient client = RawClient.connect(this.port, "ghost-done")) {
            assertThat(Http.on(this.port).putFile("ghost-done", "util.py", util).statusCode()).isEqualTo(201);
            client.sendCommand("save_file", "{\"name\":\"main.py\",\"content\":" + JSON.writeValueAsString(main)
                    + ",\"language\":\"python\"}");
            client.nextMatching(frame -> "file_saved".equals(GhostFrames.type(frame))
                    && "main.py".equals(frame.get("data").get("file_name").asString()), RawClient.TIMEOUT);

            for (RunDirectoryContributor contributor : this.contributors) {
                contributor.contribute("ghost-done", workDir);
            }
            this.hooks.fire(new RunStarted("ghost-done", "exec-1", "python", main));
            ExecutionResult result = runPython(workDir);
            assertThat(result.stderr()).contains("ZeroDivisionError");
            this.hooks.fire(new RunFailed("ghost-done", "exec-1", "python", main, result));

            List<JsonNode> frames = new ArrayList<>();
            JsonNode advice = collectUntil(client, frames, frame -> "ai_response".equals(GhostFrames.type(frame))
                    && "on_error".equals(frame.get("data").get("message").get("context").get("trigger").asString()));
            frames.addAll(untilTypingStops(client));
            List<JsonNode> ghost = frames.stream().filter(GhostFrames::isGhost).toList();
            GhostFrames.assertBracketed(ghost);
            assertThat(frames.stream().filter(frame -> "hook_triggered".equals(GhostFrames.type(frame)))
                    .map(frame -> frame.get("data").get("hook_type").asString())).contains("on_run", "on_error");

            JsonNode message = advice.get("data").get("message");
            assertThat(message.get("content").asString())
                    .contains("ZeroDivisionError on line 2 of util.py")
                    .contains("return sum(values) / len(values)")
                    .contains("`len(values)` is 0")
                    .contains("The list is empty");
            assertThat(message.get("context").get("error_type").asString()).isEqualTo("ZeroDivisionError");
            assertThat(message.get("context").get("line").asInt()).isEqualTo(2);
            assertThat(advice.get("data").get("context").get("execution_id").asString()).isEqualTo("exec-1");

            // and a follow-up question is answered from that error
            client.sendCommand("ghost_chat", "{\"message\":\"why did it fail?\"}");
            List<JsonNode> chat = untilTypingStops(client);
            GhostFrames.assertBracketed(chat.stream().filter(GhostFrames::isGhost).toList());
            assertThat(GhostFrames.ofType(chat, "ai_response").get(0).get("data").get("message").get("content").asString())
                    .contains("About your last run").contains("ZeroDivisionError on line 2 of util.py");
        }
    }

    @Test
    void aSaveGetsARemarkAfterTheQuietTime() throws Exception {
        try (RawClient client = RawClient.connect(this.port, "ghost-save")) {
            // two saves back to back, well inside the one-second quiet time
            client.sendCommand("save_file", "{\"file_name\":\"shapes.py\",\"content\":"
                    + "\"def area(w, h):\\n    return w * h\\n\\ndef perimeter(w, h):\\n    return 2 * (w + h)\\n\"}");
            client.sendCommand("save_file", "{\"file_name\":\"shapes.py\",\"content\":"
                    + "\"def area(w, h):\\n    return w * h\\n\\ndef square(s):\\n    return area(s, s)\\n\"}");
            List<JsonNode> frames = new ArrayList<>();
            JsonNode remark = collectUntil(client, frames, frame -> "ai_response".equals(GhostFrames.type(frame)));
            frames.addAll(untilTypingStops(client));
            assertThat(remark.get("data").get("message").get("content").asString())
                    .contains("Saved shapes.py").contains("`area`, `square`");
            assertThat(remark.get("data").get("message").get("context").get("trigger").asString()).isEqualTo("on_save");
            // two saves in the quiet time: one remark
            assertThat(frames.stream().filter(frame -> "ai_response".equals(GhostFrames.type(frame)))).hasSize(1);
            assertThat(client.poll(Duration.ofMillis(1200))).isNull();
        }
    }

    private static ExecutionResult runPython(Path workDir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON.toString(), "main.py").directory(workDir.toFile()).start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new ExecutionResult(stdout, stderr, process.exitValue(), 0.05, false,
                process.exitValue() == 0 ? ExecutionResult.Status.OK : ExecutionResult.Status.RUNTIME_ERROR, false);
    }

    private static JsonNode collectUntil(RawClient client, List<JsonNode> frames, Predicate<JsonNode> stop) {
        for (;;) {
            JsonNode frame = client.next();
            frames.add(frame);
            if (stop.test(frame)) {
                return frame;
            }
        }
    }

    /** Frames up to and including the next {@code ai_typing false}. */
    private static List<JsonNode> untilTypingStops(RawClient client) {
        List<JsonNode> frames = new ArrayList<>();
        collectUntil(client, frames, frame -> "ai_typing".equals(GhostFrames.type(frame))
                && !frame.get("data").get("is_typing").asBoolean());
        return frames;
    }

    private HttpResponse<String> post(String path, String json) {
        return Http.on(this.port).postJson(path, json);
    }
}
