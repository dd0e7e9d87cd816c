package io.ghostide.realtime.sessionlog;

import java.time.Duration;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code redis} mode {@code ghostide.resume.max-sessions} bounds the sessions with a
 * {@code seq} counter in Redis, for every instance together, as it bounds them in one process:
 * a client visiting ever new sessions through two instances leaves at most the cap behind; the
 * least recently active sessions without connections are forgotten and come back in a new epoch,
 * while a session with a connection keeps its history.
 */
class ClusterSessionCapEndToEndTests {

    private static final int CAP = 20;

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("cap", "ghostide.resume.max-sessions=" + CAP,
            "ghostide.rate-limit.upgrades-burst=1000", "ghostide.rate-limit.upgrades-per-second=1000");

    @Test
    void sessionsPastTheCapThroughBothInstancesAreForgottenLeastRecentlyActiveFirst() {
        try (RawClient keeper = RawClient.connect(cluster.a().port(), "cap-keep")) {
            JsonNode kept = keeper.connectFrame().get("data");
            JsonNode first = null;
            for (int i = 0; i < 3 * CAP; i++) {
                try (RawClient visitor = RawClient.connect((i % 2 == 0 ? cluster.a() : cluster.b()).port(), "cap-" + i)) {
                    if (i == 0) {
                        first = visitor.connectFrame().get("data");
                    }
                }
            }
            // every visitor has left, on both instances; only the keeper is connected
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.a().json("/ws/status").path("total_connections").asInt() == 1);
            // one more session after their leaves: what is forgotten is decided when a counter is made
            try (RawClient last = RawClient.connect(cluster.b().port(), "cap-last")) {
                assertThat(last.connectFrame()).isNotNull();
            }
            // two instances without the bound would leave 62 counters behind
            assertThat(count("KEYS", "ghostide:session:*:meta")).isBetween(2L, (long) CAP);
            assertThat(reply("ZCARD ghostide:{history}:counters")).isBetween(2L, (long) CAP);
            assertThat(count("KEYS", "ghostide:session:*:log")).isLessThanOrEqualTo(CAP);

            // the first visitor's session was forgotten: resuming there is told to reload
            String since = "?since=" + first.get("seq").asLong() + "&epoch=" + first.get("epoch").asString();
            try (RawClient back = RawClient.connect(cluster.b().port(), "cap-0" + since)) {
                JsonNode connect = back.connectFrame().get("data");
                assertThat(connect.get("recovered").asBoolean()).isFalse();
                assertThat(connect.get("epoch").asString()).isNotEqualTo(first.get("epoch").asString());
            }
            // the session in use all along kept its epoch and history, whichever instance resumes it
            String keptSince = "?since=" + kept.get("seq").asLong() + "&epoch=" + kept.get("epoch").asString();
            try (RawClient again = RawClient.connect(cluster.b().port(), "cap-keep" + keptSince)) {
                JsonNode connect = again.connectFrame().get("data");
                assertThat(connect.get("epoch").asString()).isEqualTo(kept.get("epoch").asString());
                assertThat(connect.get("recovered").asBoolean()).isTrue();
            }
        }
    }

    // how many keys match the pattern, counted in Redis itself
    private static long count(String command, String pattern) {
        return reply("EVAL \"return #redis.call('" + command + "', ARGV[1])\" 0 " + pattern);
    }

    private static long reply(String inline) {
        String reply = cluster.redis().command(inline);
        assertThat(reply).as(inline).startsWith(":");
        return Long.parseLong(reply.substring(1));
    }
}
