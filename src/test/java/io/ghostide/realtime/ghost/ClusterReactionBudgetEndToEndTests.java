package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code redis} mode a session's budget of Ghost's reactions
 * ({@code ghostide.ghost.limits.reactions-per-minute}, {@code reaction-burst}) is one for every
 * instance: runs of one session through two instances get the one budget's reactions, not one
 * budget's per instance.
 */
class ClusterReactionBudgetEndToEndTests {

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("reactions", "ghostide.ghost.limits.reactions-per-minute=1",
            "ghostide.ghost.limits.reaction-burst=1", "ghostide.ghost.reactions.on-run=true",
            "ghostide.rate-limit.execute-code-burst=100",
            // a reaction skipped for the budget is told at debug level: the test waits for that
            "logging.level.io.ghostide.realtime.ghost.GhostResponder=debug");

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void runsOfOneSessionThroughBothInstancesGetTheOneReactionBudget(CapturedOutput log) throws Exception {
        try (RawClient watcher = RawClient.connect(cluster.a().port(), "reactions-both")) {
            AtomicInteger reactions = new AtomicInteger();
            assertThat(run(cluster.a(), "print(1)").statusCode()).isEqualTo(200);
            JsonNode first = watcher.nextMatching(ClusterReactionBudgetEndToEndTests::onRunAnswer, RawClient.TIMEOUT);
            assertThat(first).isNotNull();
            reactions.incrementAndGet();
            // the budget (burst 1, one a minute) is spent: a run through the other instance gets no remark
            assertThat(run(cluster.b(), "print(2)").statusCode()).isEqualTo(200);
            // the instance that ran it decided: skipped, so no reaction of that run can come later
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log.getAll().contains("Skipped on_run in session reactions-both"));
            for (JsonNode frame; (frame = watcher.poll(Duration.ZERO)) != null;) {
                if (onRunAnswer(frame)) {
                    reactions.incrementAndGet();
                }
            }
            assertThat(reactions.get()).isEqualTo(1);
        }
    }

    private static boolean onRunAnswer(JsonNode frame) {
        return "ai_response".equals(frame.path("type").asString())
                && "on_run".equals(frame.path("data").path("message").path("context").path("trigger").asString());
    }

    private HttpResponse<String> run(ServerInstance instance, String code) throws Exception {
        String json = "{\"session_id\":\"reactions-both\",\"language\":\"python\",\"code\":\"" + code + "\"}";
        return instance.http().postJson("/api/v1/execution/execute/websocket", json);
    }
}
