package io.ghostide.realtime.execution;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawSocket;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests of a run's paced output share: a program printing numbered lines, a
 * run over HTTP timed while a reader that reads hears it, and what one client heard of a run.
 */
final class PacedRuns {

    private PacedRuns() {
    }

    /** One numbered line of 50 bytes, as {@link #program} prints it. */
    private static String line(int i) {
        return String.format("%06d %s\n", i, "x".repeat(43));
    }

    /**
     * A Python program printing {@code lines} numbered lines as fast as it can, resting
     * {@code restSeconds} after every 2,000 (0 never rests): resting gives it a time alone that
     * a busy machine stretches less.
     */
    static String program(int lines, double restSeconds) {
        String rest = restSeconds > 0 ? "    if i % 2000 == 1999:\n        time.sleep(" + restSeconds + ")\n" : "";
        return "import sys, time\nfor i in range(" + lines + "):\n"
                + "    sys.stdout.write('%06d %s\\n' % (i, 'x' * 43))\n" + rest;
    }

    /** What {@link #program} prints. */
    static String expected(int lines) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            expected.append(line(i));
        }
        return expected.toString();
    }

    static CompletableFuture<HttpResponse<String>> execute(int port, Map<String, Object> body) {
        return Http.on(port).withTimeout(Duration.ofSeconds(180)).postJsonAsync("/api/v1/execution/execute/websocket",
                JSON.writeValueAsString(body));
    }

    /**
     * Runs {@code body} with one reader on the session that reads, hands the pending answer to
     * {@code meanwhile} (which returns when it is done with the run), checks the run ended
     * {@code ok} and that the reader heard {@code expected}, every message in seq order; returns
     * the run's time.
     */
    static Duration timedRun(int port, Map<String, Object> body, String expected, Executor readers,
            Meanwhile meanwhile) throws Exception {
        String session = (String) body.get("session_id");
        try (RawSocket reader = RawSocket.upgrade(port, "/ws/" + session, 0)) {
            JsonNode connect = json(reader.readMessage());
            assertThat(connect.path("type").asString()).isEqualTo("connect");
            long since = connect.path("data").path("seq").asLong();
            CompletableFuture<Heard> heard = CompletableFuture.supplyAsync(() -> readRun(reader, since), readers);
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> pending = execute(port, body);
            meanwhile.accept(pending);
            HttpResponse<String> response = pending.get(180, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode result = JSON.readTree(response.body());
            assertThat(result.path("status").asString()).as("exit %s, stderr %s, after %s", result.path("exit_code"),
                    result.path("stderr").asString(), took).isEqualTo("ok");
            assertThat(heard.get(60, TimeUnit.SECONDS).output()).isEqualTo(expected);
            return took;
        }
    }

    /** What a test does while a timed run goes on; it may wait on the run's pending answer. */
    @FunctionalInterface
    interface Meanwhile {

        void accept(CompletableFuture<HttpResponse<String>> pending) throws Exception;
    }

    // a well-behaved reader: every message in seq order, up to the run's end; never cut
    private static Heard readRun(RawSocket reader, long since) {
        Heard heard = new Heard(since);
        try {
            while (true) {
                RawSocket.Frame frame = reader.readMessage();
                if (frame.opcode() == 0x9) {
                    // the server's keep-alive ping, on a run held past the ping interval
                    continue;
                }
                JsonNode message = json(frame);
                assertThat(message.path("type").asString()).isNotEqualTo("disconnect");
                if (heard.take(message)) {
                    return heard;
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static JsonNode json(RawSocket.Frame frame) {
        assertThat(frame.opcode()).as("a text frame").isEqualTo(0x1);
        return JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
    }

    /** What one client heard of the run: its stdout and the last seq, each seq once and in order. */
    static final class Heard {

        private final StringBuilder output = new StringBuilder();

        private long lastSeq;

        private boolean farewell;

        // what the client heard goes on right after the seq it had
        Heard(long since) {
            this.lastSeq = since;
        }

        /** Takes one message; true when it ends the run. */
        boolean take(JsonNode message) {
            String type = message.path("type").asString();
            if (type.equals("disconnect")) {
                // the farewell of a cut, when it could still be written; the last message before the close
                assertThat(message.path("data").path("code").asInt()).isEqualTo(1008);
                assertThat(message.path("data").path("reason").asString()).isEqualTo("slow_consumer");
                this.farewell = true;
                return false;
            }
            if (message.has("seq")) {
                long seq = message.get("seq").asLong();
                assertThat(seq).as("no gap, no duplicate").isEqualTo(this.lastSeq + 1);
                this.lastSeq = seq;
            }
            if (type.equals("execution_output")) {
                this.output.append(message.path("data").path("output").asString());
            }
            return type.equals("execution_complete");
        }

        String output() {
            return this.output.toString();
        }

        long lastSeq() {
            return this.lastSeq;
        }

        boolean farewell() {
            return this.farewell;
        }
    }
}
