package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run control across two instances and one Redis: a stop or input sent to the instance that does
 * not run the program reaches it, is published once and in order, and every refusal comes back
 * to the sender as it would locally; either instance serves the run's transcript.
 */
class ClusterRunControlEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("runs", "ghostide.rate-limit.execute-code-per-second=100",
            "ghostide.rate-limit.execute-code-burst=100", "ghostide.execution.max-runs-per-session=4",
            "ghostide.execution.max-runs-per-user=4", "ghostide.execution.max-output=16MB",
            "ghostide.execution.transcript-page=500");

    /** A Python loop on A stopped from B shows its KeyboardInterrupt and ends stopped by B's user. */
    @Test
    void aRunOnOneInstanceIsStoppedFromTheOther() {
        try (RawClient onA = RawClient.connect(cluster.a().port(), "stop-across");
                RawClient onB = RawClient.connect(cluster.b().port(), "stop-across")) {
            execute(onA, "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n", true);
            String id = onB.nextOfType("execution_start").path("data").path("execution_id").asString();
            onB.nextMatching(frame -> frame.path("data").path("output").asString().contains("looping"), WAIT);
            onB.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            JsonNode result = onB.nextMatching(frame -> frame.path("type").asString().equals("execution_complete")
                    || frame.path("type").asString().equals("error"), WAIT);
            assertThat(result.path("type").asString()).as(result.toString()).isEqualTo("execution_complete");
            assertThat(result.path("data").path("result").path("status").asString()).isEqualTo("stopped");
            assertThat(result.path("data").path("result").path("stopped_by").asString())
                    .isEqualTo("anonymous-" + onB.connectionId());
            assertThat(result.path("data").path("result").path("stderr").asString()).contains("KeyboardInterrupt");
            // the run ended: 409 through either instance, over the socket and over REST
            onB.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            assertThat(onB.nextOfType("error").path("data").path("code").asInt()).isEqualTo(409);
            assertThat(post(cluster.b(), "/api/v1/executions/" + id + "/stop").statusCode()).isEqualTo(409);
            assertThat(post(cluster.a(), "/api/v1/executions/" + id + "/stop").statusCode()).isEqualTo(409);
        }
    }

    /** A run on A stopped over REST through B: 202 naming its session, and the run ends stopped. */
    @Test
    void aRunOnOneInstanceIsStoppedOverRestThroughTheOther() {
        try (RawClient onA = RawClient.connect(cluster.a().port(), "stop-rest-across")) {
            execute(onA, "import time\nprint('sleeping', flush=True)\ntime.sleep(120)\n", false);
            String id = onA.nextOfType("execution_start").path("data").path("execution_id").asString();
            onA.nextMatching(frame -> frame.path("data").path("output").asString().contains("sleeping"), WAIT);
            HttpResponse<String> stop = post(cluster.b(), "/api/v1/executions/" + id + "/stop");
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
            assertThat(JSON.readTree(stop.body()).path("session_id").asString()).isEqualTo("stop-rest-across");
            JsonNode result = onA.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("stopped");
            assertThat(result.path("stopped_by").asString()).isEqualTo("anonymous");
            HttpResponse<String> unknown = post(cluster.b(), "/api/v1/executions/" + UUID.randomUUID() + "/stop");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).doesNotContain("Exception").doesNotContain("at io.");
        }
    }

    /**
     * Input typed on B reaches the program on A: every tab on either instance sees each piece
     * once, between the output written before and after it, and the transcript read through
     * either instance is the same.
     */
    @Test
    void inputFromTheOtherInstanceReachesTheRunExactlyOnceInOrder() {
        String session = "stdin-across";
        try (RawClient onA = RawClient.connect(cluster.a().port(), session);
                RawClient typist = RawClient.connect(cluster.b().port(), session)) {
            execute(onA, "name = input('name? ')\nprint('hello ' + name)\nplace = input('place? ')\n"
                    + "print(name + ' in ' + place)\n", true);
            String id = typist.nextOfType("execution_start").path("data").path("execution_id").asString();
            typist.nextMatching(frame -> frame.path("data").path("output").asString().equals("name? "), WAIT);
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"ada\\n\"}");
            typist.nextMatching(frame -> frame.path("data").path("output").asString().contains("place? "), WAIT);
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"london\\n\"}");
            String expected = "out:name? in:ada\nout:hello ada\nplace? in:london\nout:ada in london\n";
            assertThat(heard(onA)).isEqualTo(expected);

            JsonNode throughA = JSON.readTree(cluster.a().get("/api/v1/executions/" + id + "/transcript").body());
            JsonNode throughB = JSON.readTree(cluster.b().get("/api/v1/executions/" + id + "/transcript").body());
            assertThat(throughB).isEqualTo(throughA);
            assertThat(throughB.path("complete").asBoolean()).isTrue();
            assertThat(throughB.path("status").asString()).isEqualTo("ok");
            StringBuilder events = new StringBuilder();
            throughB.path("events").forEach(event -> events.append(event.path("kind").asString().equals("input") ? "in:"
                    : "out:").append(event.path("text").asString()));
            assertThat(events.toString().replace("out:place? ", "place? ")).isEqualTo(expected);
            JsonNode runs = JSON.readTree(cluster.b().get("/api/v1/sessions/" + session + "/executions").body());
            assertThat(runs.path("executions").get(0).path("execution_id").asString()).isEqualTo(id);
            assertThat(runs.path("executions").get(0).path("transcript_next").asInt())
                    .isEqualTo(throughA.path("next").asInt());
        }
    }

    /**
     * The same over STOMP: a client of B types into a run on A and stops it through the session's
     * destination; its refusal comes back on its own reply queue.
     */
    @Test
    void aStompClientOfTheOtherInstanceControlsTheRun() {
        String session = "stomp-across";
        try (RawClient onA = RawClient.connect(cluster.a().port(), session);
                StompClient onB = StompClient.connect(cluster.b().port())) {
            StompClient.Subscription topic = onB.subscribe("/topic/session/" + session);
            StompClient.Subscription replies = onB.subscribe("/user/queue/replies");
            execute(onA, "import sys\nfor line in sys.stdin:\n    print('got ' + line, end='', flush=True)\n", true);
            String id = topic.nextOfType("execution_start").path("data").path("execution_id").asString();
            onB.send("/app/session/" + session, "{\"type\":\"execution_input\",\"data\":{\"execution_id\":\"" + id
                    + "\",\"data\":\"one\\n\"}}");
            assertThat(topic.nextOfType("execution_input").path("data").path("data").asString()).isEqualTo("one\n");
            assertThat(onA.nextOfType("execution_output").path("data").path("output").asString()).isEqualTo("got one\n");
            onB.send("/app/session/" + session, "{\"type\":\"execution_stop\",\"data\":{\"execution_id\":\""
                    + UUID.randomUUID() + "\"}}");
            assertThat(replies.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            onB.send("/app/session/" + session, "{\"type\":\"execution_stop\",\"data\":{\"execution_id\":\"" + id
                    + "\"}}");
            JsonNode result = topic.nextOfType("execution_complete").path("data").path("result");
            assertThat(result.path("status").asString()).isEqualTo("stopped");
            assertThat(result.path("stdout").asString()).isEqualTo("got one\n");
        }
    }

    /** A 200,000-line run on A is read whole through B's transcript endpoint, byte for byte. */
    @Test
    void aLongRunOnOneInstanceIsReadWholeThroughTheOther() throws Exception {
        String session = "long-across";
        HttpResponse<String> run = cluster.a().http().withTimeout(Duration.ofMinutes(2)).postJson(
                "/api/v1/execution/execute/websocket", JSON.writeValueAsString(Map.of("session_id", session,
                        "language", "python", "code", TranscriptResumeAcceptanceTests.PROGRAM)));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        String id = cluster.b().json("/api/v1/sessions/" + session + "/executions").path("executions").get(0)
                .path("execution_id").asString();
        byte[] printed = TranscriptResumeAcceptanceTests.readWhole(path -> {
            HttpResponse<String> page = cluster.b().get(path);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            return JSON.readTree(page.body());
        }, id, 500);
        assertThat(printed).isEqualTo(TranscriptResumeAcceptanceTests.expectedOutput());
    }

    /**
     * Refusals through B of runs on A, to the sender alone: unknown (404), another session's (404),
     * past the run's input bound (413, counted where the run is), after eof and after the end (409).
     */
    @Test
    void refusalsComeBackThroughTheOtherInstance() throws InterruptedException {
        try (RawClient owner = RawClient.connect(cluster.a().port(), "refuse-across");
                RawClient typist = RawClient.connect(cluster.b().port(), "refuse-across");
                RawClient stranger = RawClient.connect(cluster.b().port(), "refuse-stranger")) {
            execute(owner, "import sys\nprint(len(sys.stdin.read()))\n", true);
            String id = typist.nextOfType("execution_start").path("data").path("execution_id").asString();
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + UUID.randomUUID() + "\",\"data\":\"x\"}");
            assertThat(typist.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            stranger.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"x\"}");
            assertThat(stranger.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);
            stranger.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            assertThat(stranger.nextOfType("error").path("data").path("code").asInt()).isEqualTo(404);

            // 1 MiB in all: 17 pieces of 60 KiB fit, the 18th and 19th do not
            String piece = "x".repeat(60 * 1024);
            for (int i = 0; i < 19; i++) {
                typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"" + piece + "\"}");
            }
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"\",\"eof\":true}");
            int refused = 0;
            long accepted = 0;
            JsonNode frame;
            for (frame = typist.next(WAIT); !frame.path("type").asString().equals("execution_complete");
                    frame = typist.next(WAIT)) {
                if (frame.path("type").asString().equals("error")) {
                    assertThat(frame.path("data").path("code").asInt()).as(frame.toString()).isEqualTo(413);
                    refused++;
                }
                if (frame.path("type").asString().equals("execution_input")) {
                    accepted += frame.path("data").path("data").asString().length();
                }
            }
            assertThat(refused).isEqualTo(2);
            assertThat(accepted).isEqualTo(17L * piece.length());
            assertThat(frame.path("data").path("result").path("stdout").asString()).isEqualTo(17 * piece.length() + "\n");
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"late\"}");
            assertThat(typist.nextOfType("error").path("data").path("code").asInt()).isEqualTo(409);
            // the stranger heard nothing of any of it
            assertThat(stranger.poll(Duration.ofMillis(300))).isNull();

            execute(owner, "import sys\nprint(sys.stdin.read())\n", true);
            String closing = typist.nextOfType("execution_start").path("data").path("execution_id").asString();
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + closing + "\",\"data\":\"bye\",\"eof\":true}");
            typist.sendCommand("execution_input", "{\"execution_id\":\"" + closing + "\",\"data\":\"more\"}");
            JsonNode closed = typist.nextMatching(f -> f.path("type").asString().equals("error"), WAIT);
            assertThat(closed.path("data").path("code").asInt()).isEqualTo(409);
            assertThat(closed.path("data").path("detail").asString()).contains("closed");
        }
    }

    // what a tab hears of the session's run until it completes, output and input in the order it came
    private static String heard(RawClient tab) {
        List<String> seen = new ArrayList<>();
        int inputs = 0;
        for (JsonNode frame = tab.next(WAIT); !frame.path("type").asString().equals("execution_complete");
                frame = tab.next(WAIT)) {
            JsonNode data = frame.path("data");
            switch (frame.path("type").asString()) {
                case "execution_output" -> seen.add((seen.isEmpty() || !seen.get(seen.size() - 1).startsWith("out:")
                        ? "out:" : "") + data.path("output").asString());
                case "execution_input" -> {
                    seen.add("in:" + data.path("data").asString());
                    inputs++;
                }
                default -> { }
            }
        }
        assertThat(inputs).isEqualTo(2);
        return String.join("", seen);
    }

    private static void execute(RawClient client, String code, boolean interactive) {
        client.sendCommand("execute_code",
                JSON.writeValueAsString(Map.of("code", code, "language", "python", "interactive", interactive)));
    }

    private static HttpResponse<String> post(ServerInstance instance, String path) {
        return instance.http().post(path);
    }
}
