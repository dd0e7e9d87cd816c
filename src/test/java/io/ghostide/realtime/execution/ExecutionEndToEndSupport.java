package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests of execution share: one application on a random port with two run
 * slots and one place in the queue (so the cap is reachable), an HTTP client of the endpoint,
 * and a recorder of the hook events the application publishes. The output limit is 256 KiB
 * here, which keeps the flood tests short. The rate limits and the fair share are raised: these
 * tests run many programs from one address, some in one session; their own tests are elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-concurrent=2", "ghostide.execution.queue-capacity=1",
        "ghostide.execution.max-output=256KB", "ghostide.execution.max-runs-per-session=8",
        "ghostide.execution.max-runs-per-user=8", "ghostide.rate-limit.execute-code-per-second=1000",
        "ghostide.rate-limit.execute-code-burst=1000" })
@Import({ HookEventsRecorder.class, SessionFilesContributor.class })
abstract class ExecutionEndToEndSupport {

    /** The execution types a session hears of a run, in the order they come. */
    static final List<String> RUN_TYPES = List.of("execution_start", "hook_triggered", "execution_output",
            "execution_complete", "execution_error");

    @LocalServerPort
    int port;

    @Autowired
    HookEventsRecorder hookEvents;

    @BeforeEach
    void forgetEarlierEvents() {
        this.hookEvents.events.clear();
    }

    /** The body of a run request; null values are left out. */
    static Map<String, Object> run(String sessionId, String language, String code, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session_id", sessionId);
        body.put("language", language);
        body.put("code", code);
        for (int i = 0; i + 1 < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    HttpResponse<String> execute(Map<String, Object> body) {
        return executeAsync(body).join();
    }

    CompletableFuture<HttpResponse<String>> executeAsync(Map<String, Object> body) {
        return postAsync("/api/v1/execution/execute/websocket", JSON.writeValueAsString(body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return http().withTimeout(Duration.ofSeconds(120)).postJsonAsync(path, json);
    }

    HttpResponse<String> get(String path) {
        return http().get(path);
    }

    Http http() {
        return Http.on(this.port);
    }

    /** Runs the code over HTTP and returns the ExecutionResult, failing unless the answer is 200. */
    JsonNode result(Map<String, Object> body) {
        HttpResponse<String> response = execute(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * The messages of one run as the session hears them: from {@code execution_start} to
     * {@code execution_complete}, and the {@code on_error} hook that follows a failed run; or
     * the {@code execution_error} of a run that could not start.
     */
    static List<JsonNode> runMessages(RawClient client, Duration timeout) {
        List<JsonNode> messages = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean awaitingOnError = false;
        while (true) {
            JsonNode frame = client.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            String type = frame.path("type").asString();
            if (!RUN_TYPES.contains(type)) {
                continue;
            }
            messages.add(frame);
            if (type.equals("execution_error")) {
                return messages;
            }
            if (type.equals("execution_complete")) {
                if (frame.path("data").path("result").path("status").asString().equals("ok")) {
                    return messages;
                }
                awaitingOnError = true;
            }
            else if (awaitingOnError && type.equals("hook_triggered")) {
                return messages;
            }
        }
    }

    /** The concatenated output of one stream of a run. */
    static String output(List<JsonNode> messages, String stream) {
        StringBuilder text = new StringBuilder();
        for (JsonNode message : messages) {
            if (message.path("type").asString().equals("execution_output")
                    && message.path("data").path("stream").asString().equals(stream)) {
                text.append(message.path("data").path("output").asString());
            }
        }
        return text.toString();
    }

    /**
     * The types of the messages in order, hooks with their hook type, and consecutive
     * {@code execution_output}s as one: how a program's writes are cut into messages depends on timing.
     */
    static List<String> types(List<JsonNode> messages) {
        List<String> types = new ArrayList<>();
        for (JsonNode message : messages) {
            String type = message.path("type").asString();
            if (type.equals("hook_triggered")) {
                type = type + ":" + message.path("data").path("hook_type").asString();
            }
            if (!(type.equals("execution_output") && !types.isEmpty() && types.get(types.size() - 1).equals(type))) {
                types.add(type);
            }
        }
        return types;
    }
}
