package io.ghostide.realtime.execution;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Run control with real programs and real clients: a stop sends SIGINT and then kills what is
 * left, interactive input reaches the program and every tab in order with the output, and every
 * refusal goes to the sender alone.
 */
class RunControlEndToEndTests extends ExecutionEndToEndSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final long SIGINT_BIT = 1L << 1;

    /** A Python loop stopped from a socket shows its KeyboardInterrupt and ends {@code stopped} by the stopper. */
    @Test
    void aStoppedPythonLoopShowsItsKeyboardInterrupt() {
        stopAPythonLoop(this.port, "stop-loop");
    }

    /**
     * The same on a server started ignoring SIGINT and SIGQUIT, as {@code java … &} in a script
     * starts it: its runs do not inherit that, so the stop still reaches Python as a Ctrl+C.
     */
    @Test
    void aServerStartedIgnoringSigintStillStopsPythonWithItsKeyboardInterrupt() throws IOException {
        try (ServerProcess server = ServerProcess.localIgnoringInterrupts()) {
            assertThat(ignoredSignals(server.pid()) & SIGINT_BIT).as("the server ignores SIGINT").isNotZero();
            stopAPythonLoop(server.port(), "stop-loop-ignoring");
        }
    }

    private static void stopAPythonLoop(int port, String sessionId) {
        try (RawClient tab = RawClient.connect(port, sessionId)) {
            execute(tab, "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n", false, "req-loop");
            JsonNode start = tab.nextOfType("execution_start").path("data");
            assertThat(start.path("request_id").asString()).isEqualTo("req-loop");
            assertThat(start.path("interactive").asBoolean()).isFalse();
            assertThat(start.path("user").asString()).isEqualTo("anonymous-" + tab.connectionId());
            String id = start.path("execution_id").asString();
            tab.nextMatching(frame -> frame.path("data").path("output").asString().contains("looping"), WAIT);
            tab.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            JsonNode result = tab.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("stopped");
            assertThat(result.path("stopped_by").asString()).isEqualTo("anonymous-" + tab.connectionId());
            assertThat(result.path("stderr").asString()).as(result.toString()).contains("KeyboardInterrupt");
            // a stop of the run that ended: 409 to the sender
            tab.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            assertThat(tab.nextOfType("error").path("data").path("code").asInt()).isEqualTo(409);
        }
    }

    // the mask of signals a process ignores (SigIgn in its status: hexadecimal, bit n-1 for signal n)
    private static long ignoredSignals(long pid) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(status -> status.startsWith("SigIgn:")).findFirst().orElseThrow();
        return Long.parseUnsignedLong(line.substring(7).trim(), 16);
    }

    /**
     * A program that ignores SIGINT and leaves children behind is killed, children and all, once
     * the grace is over, and its session can run again at once.
     */
    @Test
    void aProgramThatIgnoresSigintIsKilledWithItsChildrenAfterTheGrace() throws IOException {
        String marker = "9" + ThreadLocalRandom.current().nextInt(100_000, 999_999) + ".5";
        String code = """
                import os, signal, time
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                for _ in range(3):
                    if os.fork() == 0:
                        os.setsid()
                        os.execv('/bin/sleep', ['sleep', '%s'])
                print('children started', flush=True)
                while True:
                    time.sleep(0.05)
                """.formatted(marker);
        try (RawClient tab = RawClient.connect(this.port, "stop-stubborn")) {
            execute(tab, code, false, null);
            String id = tab.nextOfType("execution_start").path("data").path("execution_id").asString();
            tab.nextMatching(frame -> frame.path("data").path("output").asString().contains("children started"), WAIT);
            assertThat(processesWith(marker)).isNotEmpty();
            long stopped = System.nanoTime();
            tab.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            JsonNode result = tab.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("stopped");
            // it outlived SIGINT: the grace (2 s) passed before it was killed
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(processesWith(marker)).isEmpty());
            // its places are free again
            execute(tab, "print('again')", false, null);
            JsonNode again = tab.nextOfType("execution_complete").path("data").path("result");
            assertThat(again.path("status").asString()).isEqualTo("ok");
        }
    }

    /** A stop sent as the program ends by itself: the session hears exactly one execution_complete. */
    @Test
    void aStopRacingTheNaturalEndGivesOneComplete() throws InterruptedException {
        try (RawClient tab = RawClient.connect(this.port, "stop-race")) {
            for (int i = 0; i < 5; i++) {
                execute(tab, "print(" + i + ")", false, null);
                String id = tab.nextOfType("execution_start").path("data").path("execution_id").asString();
                tab.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
                int completes = 0;
                for (JsonNode frame = tab.poll(WAIT); frame != null; frame = tab.poll(Duration.ofSeconds(1))) {
                    if (frame.path("type").asString().equals("execution_complete")) {
                        assertThat(frame.path("data").path("execution_id").asString()).isEqualTo(id);
                        completes++;
                    }
                    if (frame.path("type").asString().equals("error")) {
                        // the stop came after the end
                        assertThat(frame.path("data").path("code").asInt()).isEqualTo(409);
                    }
                }
                assertThat(completes).as("run %d", i).isEqualTo(1);
            }
        }
    }

    /**
     * An interactive program's prompt shows before anything is typed, and a second tab sees the
     * prompt, what the first typed and the answer in that order; the transcript says the same.
     */
    @Test
    void everyTabSeesAnInteractiveRunsInputInOrder() throws Exception {
        try (RawClient typist = RawClient.connect(this.port, "stdin-ask");
                RawClient watcher = RawClient.connect(this.port, "stdin-ask")) {
            execute(typist, "name = input('name? ')\nprint('hello ' + name)\n", true, "ask");
            JsonNode start = typist.nextOfType("execution_start").path("data");
            assertThat(start.path("interactive").asBoolean()).isTrue();
            String id = start.path("execution_id").asString();
            // the prompt comes without a newline, before any input
            typist.nextMatching(frame -> frame.path("data").path("output").asString().equals("name? "), WAIT);
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"ada\\n\"}");
            JsonNode result = typist.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("ok");
            assertThat(result.path("stdout").asString()).isEqualTo("name? hello ada\n");

            List<String> seen = new ArrayList<>();
            for (JsonNode frame = watcher.next(); !frame.path("type").asString().equals("execution_complete");
                    frame = watcher.next()) {
                JsonNode data = frame.path("data");
                switch (frame.path("type").asString()) {
                    case "execution_output" -> seen.add("out:" + data.path("output").asString());
                    case "execution_input" -> {
                        seen.add("in:" + data.path("data").asString());
                        assertThat(data.path("user").asString()).isEqualTo("anonymous-" + typist.connectionId());
                        assertThat(frame.path("seq").asLong()).isPositive();
                    }
                    default -> { }
                }
            }
            assertThat(String.join("", seen)).isEqualTo("out:name? in:ada\nout:hello ada\n");

            JsonNode transcript = JSON.readTree(get("/api/v1/executions/" + id + "/transcript").body());
            assertThat(transcript.path("complete").asBoolean()).isTrue();
            assertThat(transcript.path("status").asString()).isEqualTo("ok");
            StringBuilder events = new StringBuilder();
            transcript.path("events").forEach(event -> events.append(event.path("kind").asString()).append(':')
                    .append(event.path("text").asString()));
            assertThat(events.toString()).isEqualTo("stdout:name? input:ada\nstdout:hello ada\n");
            JsonNode runs = JSON.readTree(get("/api/v1/sessions/stdin-ask/executions").body());
            assertThat(runs.path("executions").get(0).path("execution_id").asString()).isEqualTo(id);
        }
    }

    /** eof closes an interactive program's stdin: it reads to its end and finishes. */
    @Test
    void eofEndsAnInteractiveProgramsInput() {
        try (RawClient tab = RawClient.connect(this.port, "stdin-eof")) {
            execute(tab, "import sys\nprint(len(sys.stdin.read()))\n", true, null);
            String id = tab.nextOfType("execution_start").path("data").path("execution_id").asString();
            tab.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"abc\"}");
            tab.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"de\",\"eof\":true}");
            JsonNode result = tab.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("stdout").asString()).isEqualTo("5\n");
            // after eof, more input is refused
            tab.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"x\"}");
            assertThat(tab.nextOfType("error").path("data").path("code").asInt()).isEqualTo(409);
        }
    }

    /**
     * Input to a run that is not interactive, to one that does not exist, to another session's,
     * and past the run's bound: each refused to the sender alone, the run unaffected.
     */
    @Test
    void badInputIsRefusedToItsSenderAlone() throws InterruptedException {
        try (RawClient owner = RawClient.connect(this.port, "stdin-owner");
                RawClient stranger = RawClient.connect(this.port, "stdin-stranger")) {
            execute(owner, "import sys\nprint(len(sys.stdin.read()))\n", true, null);
            String id = owner.nextOfType("execution_start").path("data").path("execution_id").asString();
            stranger.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"x\"}");
            assertThat(stranger.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            stranger.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            assertThat(stranger.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            owner.sendCommand("execution_input", "{\"execution_id\":\"" + UUID.randomUUID() + "\",\"data\":\"x\"}");
            assertThat(owner.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            owner.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\"}");
            assertThat(owner.nextOfType("error").path("data").path("code").asInt()).isEqualTo(400);
            // 1 MiB in all: 17 pieces of 60 KiB fit in it, the 18th and 19th do not
            String piece = "x".repeat(60 * 1024);
            int refused = 0;
            for (int i = 0; i < 19; i++) {
                owner.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"" + piece + "\"}");
            }
            owner.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"\",\"eof\":true}");
            long accepted = 0;
            for (JsonNode frame = owner.next(WAIT); !frame.path("type").asString().equals("execution_complete");
                    frame = owner.next(WAIT)) {
                if (frame.path("type").asString().equals("error")) {
                    assertThat(frame.path("data").path("code").asInt()).isEqualTo(413);
                    refused++;
                }
                if (frame.path("type").asString().equals("execution_input")) {
                    accepted += frame.path("data").path("data").asString().length();
                }
            }
            assertThat(refused).isEqualTo(2);
            assertThat(accepted).isEqualTo(17L * piece.length());
            // the run read exactly what was accepted; the stranger heard nothing of it
            assertThat(stranger.poll(Duration.ofMillis(300))).isNull();

            execute(owner, "print(input())", false, null);
            String plain = owner.nextOfType("execution_start").path("data").path("execution_id").asString();
            owner.sendCommand("execution_input", "{\"execution_id\":\"" + plain + "\",\"data\":\"x\\n\"}");
            JsonNode refusal = owner.nextMatching(frame -> frame.path("type").asString().equals("error")
                    || frame.path("type").asString().equals("execution_complete"), WAIT);
            if (refusal.path("type").asString().equals("error")) {
                assertThat(refusal.path("data").path("code").asInt()).isEqualTo(409);
            }
        }
    }

    /** A run still waiting for a slot is stopped by its client's request id, and ends at once. */
    @Test
    void aQueuedRunIsTakenOutOfTheQueue() {
        try (RawClient busy = RawClient.connect(this.port, "stop-busy");
                RawClient waiting = RawClient.connect(this.port, "stop-queued")) {
            List<String> sleepers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                execute(busy, "import time\ntime.sleep(60)\n", false, null);
                sleepers.add(busy.nextOfType("execution_start").path("data").path("execution_id").asString());
            }
            execute(waiting, "print('never')", false, "queued-1");
            assertThat(pollType(waiting, "execution_start", Duration.ofMillis(500))).isNull();
            waiting.sendCommand("execution_stop", "{\"request_id\":\"queued-1\"}");
            JsonNode start = waiting.nextOfType("execution_start").path("data");
            assertThat(start.path("request_id").asString()).isEqualTo("queued-1");
            JsonNode result = waiting.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("stopped");
            assertThat(result.path("stdout").asString()).isEmpty();
            // the sleepers, over REST
            for (String sleeper : sleepers) {
                HttpResponse<String> stop = post("/api/v1/executions/" + sleeper + "/stop");
                assertThat(stop.statusCode()).isEqualTo(202);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(busy.nextOfType("execution_complete").path("data").path("result").path("status").asString())
                        .isEqualTo("stopped");
            }
            assertThat(post("/api/v1/executions/" + sleepers.get(0) + "/stop").statusCode()).isEqualTo(409);
            assertThat(post("/api/v1/executions/" + UUID.randomUUID() + "/stop").statusCode()).isEqualTo(404);
        }
    }

    private static JsonNode pollType(RawClient client, String type, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = client.poll(Duration.ofNanos(left));
                if (frame != null && frame.path("type").asString().equals(type)) {
                    return frame;
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static void execute(RawClient client, String code, boolean interactive, String requestId) {
        String data = JSON.writeValueAsString(requestId == null
                ? java.util.Map.of("code", code, "language", "python", "interactive", interactive)
                : java.util.Map.of("code", code, "language", "python", "interactive", interactive, "request_id", requestId));
        client.sendCommand("execute_code", data);
    }

    // processes on this machine whose command line holds the marker
    private static List<Long> processesWith(String marker) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(entry -> {
                        try {
                            return new String(Files.readAllBytes(entry.resolve("cmdline"))).contains(marker);
                        }
                        catch (IOException ex) {
                            // it ended while we looked
                            return false;
                        }
                    })
                    .map(entry -> Long.parseLong(entry.getFileName().toString())).toList();
        }
    }

    private HttpResponse<String> post(String path) {
        return http().post(path);
    }
}
