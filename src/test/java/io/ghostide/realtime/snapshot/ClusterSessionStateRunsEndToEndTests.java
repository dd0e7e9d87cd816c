package io.ghostide.realtime.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.ServerProcess;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code session_state} in {@code redis} mode lists the runs of another instance: a client of B,
 * the first B has for its session, hears of the runs that started on A (one ended, one still
 * going) with the status and transcript length they had at its {@code seq}, so the transcript up
 * to there and the messages after it are each run once, whole; so does one after B stopped
 * following the session, and a run whose instance died is not listed as going forever.
 */
class ClusterSessionStateRunsEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("state-runs", "ghostide.rate-limit.execute-code-per-second=100",
            "ghostide.rate-limit.execute-code-burst=100", "ghostide.execution.default-timeout=120s",
            // every print its own message, so that messages go on between the newcomer's reads
            "ghostide.execution.flush-interval=0ms", "ghostide.resume.history-size=20000",
            // B stops following a session soon after its last client there left (30 s by default)
            "ghostide.cluster.subscribe-grace=2s");

    /** Runs that started on A, one ended and one waiting for input, are in B's first state, consistent with its seq. */
    @Test
    void theStateOnOneInstanceListsTheRunsOfTheOther() {
        String session = "state-runs-" + Long.toHexString(System.nanoTime());
        try (RawClient onA = RawClient.connect(cluster.a().port(), session)) {
            execute(onA, "for i in range(5):\n    print('line', i, flush=True)\n", false);
            String ended = onA.nextOfType("execution_start").path("data").path("execution_id").asString();
            onA.nextOfType("execution_complete");
            execute(onA, "print('ready', flush=True)\nname = input('name? ')\nprint('hello ' + name)\n", true);
            String going = onA.nextOfType("execution_start").path("data").path("execution_id").asString();
            onA.nextMatching(frame -> frame.path("data").path("output").asString().contains("name? "), WAIT);
            try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                JsonNode state = onB.next();
                assertThat(state.path("type").asString()).isEqualTo("session_state");
                assertThat(state.path("data").path("seq").asLong())
                        .isEqualTo(onB.connectFrame().path("data").path("seq").asLong());
                JsonNode runs = state.path("data").path("runs");
                assertThat(runs.findValuesAsString("execution_id")).containsExactly(going, ended);
                assertThat(runs.get(0).path("status").asString()).isEqualTo("running");
                assertThat(runs.get(1).path("status").asString()).isEqualTo("ok");
                assertThat(runs.get(1).path("transcript_next").asInt()).isEqualTo(transcript(ended, 0).size());

                onB.sendCommand("execution_input", "{\"execution_id\":\"" + going + "\",\"data\":\"ada\\n\"}");
                List<String> heard = new ArrayList<>(transcript(going, 0).subList(0, runs.get(0).path("transcript_next").asInt()));
                for (;;) {
                    JsonNode frame = onB.nextMatching(f -> going.equals(f.path("data").path("execution_id").asString()), WAIT);
                    String type = frame.path("type").asString();
                    if (type.equals("execution_complete")) {
                        assertThat(frame.path("data").path("result").path("status").asString()).isEqualTo("ok");
                        break;
                    }
                    if (type.equals("execution_output")) {
                        heard.add(frame.path("data").path("output").asString());
                    }
                    else if (type.equals("execution_input") && !frame.path("data").path("data").asString().isEmpty()) {
                        heard.add(frame.path("data").path("data").asString());
                    }
                }
                assertThat(String.join("", heard)).isEqualTo(String.join("", transcript(going, 0)))
                        .isEqualTo("ready\nname? ada\nhello ada\n");
            }
        }
    }

    /**
     * A newcomer on B, the first B has for its session, arrives while a run on A prints a line
     * every millisecond or so: the transcript up to its state's {@code transcript_next} and the
     * output after its {@code seq} are the whole output, each line once, however far the
     * transcript store lagged the session when B read it.
     */
    @Test
    void aNewcomerWhileARunPrintsGetsTheTranscriptLengthAtItsSeq() {
        for (int attempt = 0; attempt < 3; attempt++) {
            String session = "state-runs-printing-" + attempt + "-" + Long.toHexString(System.nanoTime());
            try (RawClient onA = RawClient.connect(cluster.a().port(), session)) {
                execute(onA, "import time\nfor i in range(2000):\n    print(i, flush=True)\n    time.sleep(0.001)\n",
                        false);
                String id = onA.nextOfType("execution_start").path("data").path("execution_id").asString();
                onA.nextOfType("execution_output");
                try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                    JsonNode state = onB.next();
                    assertThat(state.path("type").asString()).as(state.toString()).isEqualTo("session_state");
                    JsonNode run = state.path("data").path("runs").get(0);
                    assertThat(run.path("execution_id").asString()).isEqualTo(id);
                    StringBuilder heard = new StringBuilder();
                    for (;;) {
                        JsonNode frame = onB.nextMatching(f -> id.equals(f.path("data").path("execution_id").asString()),
                                WAIT);
                        if (frame.path("type").asString().equals("execution_complete")) {
                            break;
                        }
                        heard.append(frame.path("data").path("output").asString());
                    }
                    List<String> whole = transcript(id, 0);
                    StringBuilder expected = new StringBuilder();
                    for (int i = 0; i < 2000; i++) {
                        expected.append(i).append('\n');
                    }
                    assertThat(String.join("", whole)).isEqualTo(expected.toString());
                    int next = run.path("transcript_next").asInt();
                    assertThat(String.join("", whole.subList(0, next)) + heard).as("the transcript up to %d, then the output"
                            + " after seq %d", next, state.path("data").path("seq").asLong()).isEqualTo(expected.toString());
                }
            }
        }
    }

    /**
     * B follows the session while a run starts on A, then has no one left there and stops
     * following it (its channel unsubscribed, as Redis tells); the run ends and another starts
     * meanwhile. A newcomer on B gets the state at its seq: the first run ended, the second going.
     */
    @Test
    void anInstanceThatStoppedFollowingTheSessionTellsItsRunsAfresh() {
        String session = "state-runs-unfollowed-" + Long.toHexString(System.nanoTime());
        try (RawClient onA = RawClient.connect(cluster.a().port(), session)) {
            String first;
            try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                assertThat(onB.next().path("data").path("runs").isEmpty()).isTrue();
                execute(onA, "name = input('name? ')\nprint('hello ' + name)\n", true);
                first = onB.nextOfType("execution_start").path("data").path("execution_id").asString();
                onB.nextMatching(frame -> frame.path("data").path("output").asString().contains("name? "), WAIT);
            }
            // B unsubscribes the session's channel once no one has used it there for its grace period (2 s here)
            byte[] channel = cluster.b().context().getBean(RedisKeys.class).sessionChannel(session);
            RedisConnections redis = cluster.b().context().getBean(RedisConnections.class);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> redis.commands().pubsubNumsub(channel).values().iterator().next() == 1L);

            onA.sendCommand("execution_input", "{\"execution_id\":\"" + first + "\",\"data\":\"ada\\n\"}");
            onA.nextMatching(frame -> frame.path("type").asString().equals("execution_complete")
                    && first.equals(frame.path("data").path("execution_id").asString()), WAIT);
            execute(onA, "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n", true);
            String second = onA.nextOfType("execution_start").path("data").path("execution_id").asString();
            onA.nextMatching(frame -> frame.path("data").path("output").asString().contains("looping"), WAIT);

            try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                JsonNode state = onB.next();
                assertThat(state.path("type").asString()).as(state.toString()).isEqualTo("session_state");
                assertThat(state.path("data").path("seq").asLong())
                        .isEqualTo(onB.connectFrame().path("data").path("seq").asLong());
                JsonNode runs = state.path("data").path("runs");
                assertThat(runs.findValuesAsString("execution_id")).containsExactly(second, first);
                assertThat(runs.get(0).path("status").asString()).isEqualTo("running");
                assertThat(runs.get(0).path("transcript_next").asInt()).isEqualTo(transcript(second, 0).size());
                assertThat(runs.get(1).path("status").asString()).isEqualTo("ok");
                assertThat(runs.get(1).path("transcript_next").asInt()).isEqualTo(transcript(first, 0).size());

                onB.sendCommand("execution_stop", "{\"execution_id\":\"" + second + "\"}");
                JsonNode end = onB.nextMatching(frame -> frame.path("type").asString().equals("execution_complete"), WAIT);
                assertThat(end.path("data").path("execution_id").asString()).isEqualTo(second);
            }
            try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                JsonNode runs = onB.next().path("data").path("runs");
                assertThat(runs.findValuesAsString("status")).containsExactly("stopped", "ok");
            }
        }
    }

    /**
     * The instance that runs a program dies (a process of its own, killed with SIGKILL): nothing
     * ends the run on the session, and once the dead instance's entries expired (as stops to it
     * are then answered {@code Run lost}) the other instance's state no longer lists it as going.
     */
    @Test
    void aRunWhoseInstanceDiedIsNotListedAsGoingForever() {
        String session = "state-runs-lost-" + Long.toHexString(System.nanoTime());
        ServerProcess owner = null;
        RawClient onOwner = null;
        RawClient onB = null;
        try {
            owner = ServerProcess.redis(cluster.redis(), "state-runs-owner", "ghostide.cluster.heartbeat=1s",
                    "ghostide.cluster.node-timeout=8s");
            onOwner = RawClient.connect(owner.port(), session);
            onB = RawClient.connect(cluster.b().port(), session);
            execute(onOwner, "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n", true);
            String id = onB.nextOfType("execution_start").path("data").path("execution_id").asString();
            onB.nextMatching(frame -> frame.path("data").path("output").asString().contains("looping"), WAIT);
            assertThat(runsOnB(session).findValuesAsString("status")).containsExactly("running");

            owner.kill();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(runsOnB(session).findValuesAsString("execution_id")).doesNotContain(id));
            // as stops find it: lost, not ended
            onB.sendCommand("execution_stop", "{\"execution_id\":\"" + id + "\"}");
            assertThat(onB.nextOfType("error").path("data").path("error").asString()).isEqualTo("Run lost");
        }
        finally {
            ServerInstance.closeQuietly(onB, onOwner, owner);
        }
    }

    // the runs of the state a newcomer on B is sent
    private static JsonNode runsOnB(String session) {
        try (RawClient newcomer = RawClient.connect(cluster.b().port(), session + "?state=true")) {
            JsonNode state = newcomer.next();
            assertThat(state.path("type").asString()).as(state.toString()).isEqualTo("session_state");
            return state.path("data").path("runs");
        }
    }

    // the texts of a run's transcript from event `from`, read through B page by page
    private static List<String> transcript(String executionId, int from) {
        List<String> texts = new ArrayList<>();
        for (int next = from;;) {
            JsonNode page = JSON.readTree(cluster.b().get("/api/v1/executions/" + executionId + "/transcript?from=" + next)
                    .body());
            page.path("events").forEach(event -> texts.add(event.path("text").asString()));
            if (page.path("events").isEmpty()) {
                return texts;
            }
            next = page.path("next").asInt();
        }
    }

    private static void execute(RawClient client, String code, boolean interactive) {
        client.sendCommand("execute_code",
                JSON.writeValueAsString(Map.of("code", code, "language", "python", "interactive", interactive)));
    }
}
