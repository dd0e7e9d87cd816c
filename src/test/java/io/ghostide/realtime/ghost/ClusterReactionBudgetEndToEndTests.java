package io.ghostide.realtime.ghost;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
            "ghostide.rate-limit.execute-code-burst=100");

    @Test
    void runsOfOneSessionThroughBothInstancesGetTheOneReactionBudget() throws Exception {
        try (RawClient watcher = RawClient.connect(cluster.a().port(), "reactions-both")) {
            AtomicInteger reactions = new AtomicInteger();
            assertThat(run(cluster.a(), "print(1)").statusCode()).isEqualTo(200);
            JsonNode first = watcher.nextMatching(ClusterReactionBudgetEndToEndTests::onRunAnswer, RawClient.TIMEOUT);
            assertThat(first).isNotNull();
            reactions.incrementAndGet();
            // the budget (burst 1, one a minute) is spent: a run through the other instance gets no remark
            assertThat(run(cluster.b(), "print(2)").statusCode()).isEqualTo(200);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> {
                JsonNode frame = watcher.poll(Duration.ofMillis(100));
                if (frame != null && onRunAnswer(frame)) {
                    reactions.incrementAndGet();
                }
                return reactions.get() == 1;
            });
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
