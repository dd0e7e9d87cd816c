package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ghostide.realtime.hooks.HookEvent;
import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.hooks.RunStarted;
import io.ghostide.realtime.support.RawClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs over HTTP and over the socket, as a client of the contract sees them, with real processes. */
class ExecutionEndToEndTests extends ExecutionEndToEndSupport {

    private static final Log logger = LogFactory.getLog(ExecutionEndToEndTests.class);

    @Autowired
    ExecutionService service;

    @Autowired
    MeterRegistry meters;

    static Stream<Arguments> programsPrinting42() {
        return Stream.of(
                Arguments.of("python", "print(6 * 7)"),
                Arguments.of("javascript", "console.log(6 * 7)"),
                // the public class may have any name
                Arguments.of("java", """
                        public final class Answer {
                            public static void main(String[] args) {
                                System.out.println(6 * 7);
                            }
                        }
                        """),
                Arguments.of("c", """
                        #include <stdio.h>
                        int main(void) { printf("%d\\n", 6 * 7); return 0; }
                        """),
                Arguments.of("cpp", """
                        #include <iostream>
                        int main() { std::cout << 6 * 7 << std::endl; }
                        """));
    }

    @ParameterizedTest
    @MethodSource("programsPrinting42")
    void everyLanguagePrints42(String language, String code) {
        try (RawClient client = RawClient.connect(this.port, "lang-" + language)) {
            JsonNode result = result(run("lang-" + language, language, code));
            assertThat(result.get("stdout").asString()).as(result.toString()).isEqualTo("42\n");
            assertThat(result.get("stderr").asString()).isEmpty();
            assertThat(result.get("status").asString()).isEqualTo("ok");
            assertThat(result.get("exit_code").asInt()).isZero();
            assertThat(result.get("timed_out").asBoolean()).isFalse();
            assertThat(result.get("truncated").asBoolean()).isFalse();
            assertThat(result.get("execution_time").asDouble()).isPositive();
            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(30));
            assertThat(output(messages, "stdout")).isEqualTo("42\n");
        }
    }

    @Test
    void theSessionHearsARunsMessagesInOrderUnderOneExecutionId() {
        String code = "# " + "a long comment to be cut from the preview ".repeat(4) + "\nprint('hello')\n";
        try (RawClient client = RawClient.connect(this.port, "order")) {
            JsonNode result = result(run("order", "python", code));
            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(20));

            // print() writes the text and the newline apart: on a busy machine they may come as two messages
            assertThat(types(messages)).containsExactly("execution_start", "hook_triggered:on_run", "execution_output",
                    "execution_complete");
            String executionId = messages.get(0).path("data").path("execution_id").asString();
            assertThat(executionId).isNotBlank();
            assertThat(messages.get(1).path("data").path("context").path("execution_id").asString()).isEqualTo(executionId);
            for (JsonNode message : messages.subList(2, messages.size())) {
                assertThat(message.path("data").path("execution_id").asString()).isEqualTo(executionId);
            }
            assertThat(messages.get(0).path("data").path("language").asString()).isEqualTo("python");
            assertThat(messages.get(0).path("data").path("code_preview").asString()).isEqualTo(code.substring(0, 100));
            assertThat(output(messages, "stdout")).isEqualTo("hello\n");
            assertThat(output(messages, "stderr")).isEmpty();
            assertThat(messages.get(messages.size() - 1).path("data").path("result")).isEqualTo(result);
            long previous = 0;
            for (JsonNode message : messages) {
                assertThat(message.path("seq").asLong()).isGreaterThan(previous);
                previous = message.path("seq").asLong();
            }
        }
        assertThat(this.meters.get("ghostide.execution.runs").tag("language", "python").tag("status", "ok").timer()
                .count()).isPositive();
    }

    @Test
    void aLineReachesTheSessionWhileTheProgramStillRuns() {
        // the program waits for a line of input, which the test sends only once it heard the first
        // line: the line came while the program still ran, however slow the machine
        String code = """
                import time
                print("first %.3f" % time.time())
                input()
                print("second")
                """;
        try (RawClient client = RawClient.connect(this.port, "live")) {
            CompletableFuture<HttpResponse<String>> response = executeAsync(run("live", "python", code,
                    "interactive", true));
            JsonNode first = client.nextMatching(frame -> frame.path("type").asString().equals("execution_output"),
                    Duration.ofSeconds(20));
            double receivedAt = System.currentTimeMillis() / 1000.0;
            String text = first.path("data").path("output").asString();
            assertThat(text).startsWith("first ").doesNotContain("second");
            double writtenAt = Double.parseDouble(text.substring(6).trim());
            // the contract's 100 ms is the benchmark's to measure; logged here for a look
            logger.info("First line reached the session " + Math.round((receivedAt - writtenAt) * 1000)
                    + " ms after the program wrote it");
            client.sendCommand("execution_input", "{\"execution_id\":\""
                    + first.path("data").path("execution_id").asString() + "\",\"data\":\"go\\n\"}");
            JsonNode complete = client.nextOfType("execution_complete");
            assertThat(complete.path("data").path("result").path("stdout").asString()).endsWith("second\n");
            assertThat(response.join().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFailingRunIsReportedWithAnOnErrorHookAfterItsCompletion() throws InterruptedException {
        String code = """
                import sys
                print("partial")
                print("boom", file=sys.stderr)
                sys.exit(3)
                """;
        try (RawClient client = RawClient.connect(this.port, "failing")) {
            JsonNode result = result(run("failing", "python", code));
            assertThat(result.get("status").asString()).isEqualTo("runtime_error");
            assertThat(result.get("exit_code").asInt()).isEqualTo(3);
            assertThat(result.get("stdout").asString()).isEqualTo("partial\n");
            assertThat(result.get("stderr").asString()).isEqualTo("boom\n");

            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(20));
            List<String> types = types(messages);
            assertThat(types.get(types.size() - 2)).isEqualTo("execution_complete");
            assertThat(types.get(types.size() - 1)).isEqualTo("hook_triggered:on_error");
            assertThat(output(messages, "stderr")).isEqualTo("boom\n");
            JsonNode context = messages.get(messages.size() - 1).path("data").path("context");
            String executionId = messages.get(0).path("data").path("execution_id").asString();
            assertThat(context.path("execution_id").asString()).isEqualTo(executionId);
            assertThat(context.path("exit_code").asInt()).isEqualTo(3);
            assertThat(context.path("error").asString()).isEqualTo("boom\n");

            // the same hooks, as application events for other features
            HookEvent started = this.hookEvents.events.poll(5, TimeUnit.SECONDS);
            HookEvent failed = this.hookEvents.events.poll(5, TimeUnit.SECONDS);
            assertThat(started).isInstanceOfSatisfying(RunStarted.class,
                    event -> assertThat(event.executionId()).isEqualTo(executionId));
            assertThat(failed).isInstanceOfSatisfying(RunFailed.class, event -> {
                assertThat(event.executionId()).isEqualTo(executionId);
                assertThat(event.result().exitCode()).isEqualTo(3);
            });
        }
    }

    @Test
    void aSuccessfulRunFiresNoOnError() throws InterruptedException {
        result(run("no-error", "python", "print(1)"));
        assertThat(this.hookEvents.events.poll(5, TimeUnit.SECONDS)).isInstanceOf(RunStarted.class);
        assertThat(this.hookEvents.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theSessionsSavedFilesAreInTheWorkingDirectory() {
        JsonNode result = result(run("files-1", "python", "from helper import ANSWER\nprint(ANSWER)"));
        assertThat(result.get("stdout").asString()).as(result.toString()).isEqualTo("42\n");
    }

    @Test
    void inputGoesToStdin() {
        JsonNode result = result(run("stdin", "python", "a = int(input())\nb = int(input())\nprint(a * b)",
                "input", "6\n7\n"));
        assertThat(result.get("stdout").asString()).isEqualTo("42\n");
    }

    @Test
    void aCompileFailureIsACompilationErrorWithTheCompilersMessage() {
        JsonNode c = result(run("compile", "c", "int main(void) { return undeclared; }"));
        assertThat(c.get("status").asString()).isEqualTo("compilation_error");
        assertThat(c.get("exit_code").asInt()).isNotZero();
        assertThat(c.get("stderr").asString()).contains("undeclared");

        JsonNode java = result(run("compile", "java", "public class Broken { void f() { int x = \"s\"; } }"));
        assertThat(java.get("status").asString()).isEqualTo("compilation_error");
        assertThat(java.get("stderr").asString()).contains("incompatible types");
    }

    @Test
    void aFastWriterIsCoalescedWithoutLossOrReordering() {
        int lines = 20_000;
        try (RawClient client = RawClient.connect(this.port, "fast")) {
            JsonNode result = result(run("fast", "python", "for i in range(" + lines + "):\n    print('line', i)"));
            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(30));
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                expected.append("line ").append(i).append('\n');
            }
            assertThat(output(messages, "stdout")).isEqualTo(expected.toString());
            assertThat(result.get("stdout").asString()).isEqualTo(expected.toString());
            long outputMessages = messages.stream()
                    .filter(message -> message.path("type").asString().equals("execution_output")).count();
            logger.info(lines + " lines came in " + outputMessages + " execution_output messages");
            assertThat(outputMessages).isLessThan(lines / 20);
            messages.stream().filter(message -> message.path("type").asString().equals("execution_output"))
                    .forEach(message -> assertThat(JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(16 * 1024));
        }
    }

    @Test
    void multiByteCharactersAreNeverSplitAcrossMessages() {
        // the euro sign is written in two halves, far enough apart for a timed flush in between
        String code = """
                import sys, time
                out = sys.stdout.buffer
                out.write(b"price: \\xe2"); out.flush()
                time.sleep(0.3)
                out.write(b"\\x82\\xac\\n"); out.flush()
                out.write(("\\u00e9\\u4e2d\\U0001F600" * 4000 + "\\n").encode()); out.flush()
                """;
        try (RawClient client = RawClient.connect(this.port, "utf8")) {
            result(run("utf8", "python", code));
            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(20));
            String expected = "price: \u20ac\n" + "\u00e9\u4e2d\uD83D\uDE00".repeat(4000) + "\n";
            assertThat(output(messages, "stdout")).isEqualTo(expected);
            List<String> chunks = new ArrayList<>();
            messages.stream().filter(message -> message.path("type").asString().equals("execution_output"))
                    .forEach(message -> chunks.add(message.path("data").path("output").asString()));
            assertThat(chunks).hasSizeGreaterThan(2).noneMatch(chunk -> chunk.contains("\uFFFD"));
            assertThat(chunks).allMatch(chunk -> chunk.getBytes(StandardCharsets.UTF_8).length <= 16 * 1024);
        }
    }

    @Test
    void executeCodeOverTheSocketRunsLikeTheEndpoint() {
        try (RawClient client = RawClient.connect(this.port, "socket-run")) {
            client.sendCommand("execute_code", "{\"code\":\"print(input().upper())\",\"language\":\"python\","
                    + "\"input\":\"hi\\n\",\"timeout\":20}");
            List<JsonNode> messages = runMessages(client, Duration.ofSeconds(20));
            assertThat(types(messages)).containsExactly("execution_start", "hook_triggered:on_run", "execution_output",
                    "execution_complete");
            assertThat(output(messages, "stdout")).isEqualTo("HI\n");
            assertThat(messages.get(messages.size() - 1).path("data").path("result").path("status").asString())
                    .isEqualTo("ok");
        }
    }

    @Test
    void anUnknownLanguageOverTheSocketIsRefusedToTheSenderAsToTheSession() {
        try (RawClient client = RawClient.connect(this.port, "socket-cobol")) {
            client.sendCommand("execute_code", "{\"code\":\"DISPLAY 42\",\"language\":\"cobol\"}");
            JsonNode executionError = client.nextOfType("execution_error");
            JsonNode error = client.nextOfType("error");
            assertThat(executionError.path("data").path("code").asInt()).isEqualTo(400);
            assertThat(executionError.path("data").path("execution_id").asString()).isNotBlank();
            assertThat(executionError.path("data").path("detail").asString()).contains("cobol", "python");
            assertThat(error.path("data").path("code").asInt()).isEqualTo(400);
            assertThat(error.path("data").path("error").asString()).isEqualTo("Unknown language");
        }
    }

    @Test
    void badRequestsAreAnsweredWithProblemDetails() {
        assertProblem(postAsync("/api/v1/execution/execute/websocket", "{\"language\":\"python\",\"session_id\":\"s\"}")
                .join(), 400, "code");
        assertProblem(execute(run("s", "cobol", "DISPLAY 42")), 400, "cobol");
        assertProblem(execute(run("not a session!", "python", "print(1)")), 400, "session id");
        assertProblem(execute(run("s", "python", "print(1)", "timeout", 0)), 400, "timeout");
        assertProblem(execute(run("s", "python", "print(1)", "timeout", 301)), 400, "timeout");
        assertProblem(postAsync("/api/v1/execution/execute/websocket", "not json").join(), 400, null);
    }

    @Test
    void theLanguagesAreListedWithWhatRunsThem() throws Exception {
        HttpResponse<String> response = get("/api/v1/languages");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        List<String> ids = new ArrayList<>();
        body.get("languages").forEach(language -> ids.add(language.get("id").asString()));
        assertThat(ids).containsExactly("python", "javascript", "java", "c", "cpp");
        body.get("languages").forEach(language -> {
            assertThat(language.get("available").asBoolean()).as(language.toString()).isTrue();
            assertThat(language.has("version")).as(language.toString()).isTrue();
        });
        JsonNode isolation = body.get("isolation");
        assertThat(isolation.get("layer").asString()).isEqualTo(HostTools.find("bwrap").isPresent() ? "bwrap" : "unshare");
        assertThat(isolation.get("sandboxed").asBoolean()).isTrue();
        assertThat(isolation.get("enabled").asBoolean()).isTrue();
        assertThat(isolation.get("own_uid_per_run").asBoolean()).isEqualTo(ProcessTable.currentUid() == 0);
        assertThat(body.get("limits").get("max_timeout_seconds").asInt()).isEqualTo(300);
    }

    @Test
    void runsBeyondTheRunnersCapacityAreRefusedWith429() throws Exception {
        String waiting = "import time\nprint('running', flush=True)\ntime.sleep(30)";
        try (RawClient client = RawClient.connect(this.port, "busy")) {
            // two slots taken, then the one place in the queue
            CompletableFuture<HttpResponse<String>> first = executeAsync(run("busy", "python", waiting, "timeout", 3));
            CompletableFuture<HttpResponse<String>> second = executeAsync(run("busy", "python", waiting, "timeout", 3));
            client.nextMatching(frame -> frame.path("type").asString().equals("execution_output"), Duration.ofSeconds(20));
            client.nextMatching(frame -> frame.path("type").asString().equals("execution_output"), Duration.ofSeconds(20));
            CompletableFuture<HttpResponse<String>> queued = executeAsync(run("busy", "python", "print('queued')"));
            await().atMost(Duration.ofSeconds(10)).until(() -> this.service.queuedRuns() == 1);

            HttpResponse<String> refused = execute(run("busy", "python", "print('one too many')"));
            assertProblem(refused, 429, "running");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode executionError = client.nextOfType("execution_error");
            assertThat(executionError.path("data").path("code").asInt()).isEqualTo(429);
            assertThat(executionError.path("data").path("execution_id").asString())
                    .isEqualTo(JSON.readTree(refused.body()).path("execution_id").asString());

            client.sendCommand("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\"}");
            assertThat(client.nextOfType("execution_error").path("data").path("code").asInt()).isEqualTo(429);
            assertThat(client.nextOfType("error").path("data").path("code").asInt()).isEqualTo(429);

            assertThat(JSON.readTree(first.join().body()).get("status").asString()).isEqualTo("timed_out");
            assertThat(JSON.readTree(second.join().body()).get("status").asString()).isEqualTo("timed_out");
            assertThat(JSON.readTree(queued.join().body()).get("stdout").asString()).isEqualTo("queued\n");
        }
        // the slots are free again
        assertThat(result(run("busy", "python", "print(2)")).get("stdout").asString()).isEqualTo("2\n");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String mentioned) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.has("title")).isTrue();
        if (mentioned != null) {
            assertThat(problem.path("detail").asString()).containsIgnoringCase(mentioned);
        }
    }
}
