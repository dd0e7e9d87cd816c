package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances and one Redis share Ghost's memory of a session: files saved through one, a
 * run that failed on the other, and the chat, so a question asked anywhere is answered from
 * all of it.
 */
class ClusterGhostMemoryEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String[] SETTINGS = { "ghostide.ghost.reactions.on-save=false",
            "ghostide.ghost.reactions.on-run=false", "ghostide.ghost.offline-chunk-delay=0ms" };

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("ghost", SETTINGS);

    @Test
    void aFailureRecordedOnOneInstanceIsExplainedOnTheOther() {
        String session = "ghost-shared";
        String util = "def average(values):\n    return sum(values) / len(values)\n";
        String main = "import util\n\nscores = []\nprint(util.average(scores))\n";
        try (RawClient onA = RawClient.connect(cluster.a().port(), session);
                RawClient onB = RawClient.connect(cluster.b().port(), session)) {
            assertThat(cluster.a().http().putFile(session, "util.py", util).statusCode()).isEqualTo(201);
            onB.nextOfType("file_saved");

            // the run fails on B; B's own advice is about it
            onB.sendCommand("execute_code", "{\"language\":\"python\",\"code\":" + JSON.writeValueAsString(main) + "}");
            JsonNode advice = onB.nextMatching(frame -> "ai_response".equals(GhostFrames.type(frame)), WAIT);
            assertThat(advice.get("data").get("message").get("content").asString())
                    .contains("ZeroDivisionError on line 2 of util.py");
            onB.nextMatching(frame -> "ai_typing".equals(GhostFrames.type(frame))
                    && !frame.get("data").get("is_typing").asBoolean(), WAIT);

            // A never saw the run, yet answers from it: the failure is in the shared memory
            HttpResponse<String> answer = chat(cluster.a(), session, "why did it fail?");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("content").asString())
                    .contains("About your last run").contains("ZeroDivisionError on line 2 of util.py");
            // one history: B's advice and A's answer, each a note or question and its answer
            String history = "LLEN ghostide:ghost:{" + session + "}:history";
            await().atMost(WAIT).until(() -> cluster.redis().command(history).equals(":4"));
            assertThat(chat(cluster.b(), session, "and how do I fix it?").statusCode()).isEqualTo(200);
            assertThat(cluster.redis().command(history)).isEqualTo(":6");
            assertThat(cluster.redis().command("PTTL ghostide:ghost:{" + session + "}:memory")).matches(":\\d+");
        }
    }

    private static HttpResponse<String> chat(ServerInstance server, String session, String message) {
        return server.http().postJson("/api/v1/ghost/chat/" + session,
                "{\"message\":" + JSON.writeValueAsString(message) + "}");
    }
}
