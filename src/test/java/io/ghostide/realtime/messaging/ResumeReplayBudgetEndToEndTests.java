package io.ghostide.realtime.messaging;

import java.util.Map;

import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay is queued to the returning connection at once. One larger than half its send buffer
 * would close it as too slow, on every return; the client is told {@code recovered: false}
 * instead and stays connected. A smaller one is replayed as usual.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.send-buffer-size=16KB", "ghostide.presence.announce=false" })
class ResumeReplayBudgetEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Test
    void aReplayLargerThanHalfTheSendBufferIsNotRecoveredAndTheConnectionStays() {
        String session = "replay-budget";
        String epoch;
        try (RawClient first = RawClient.connect(this.port, session)) {
            epoch = first.connectFrame().get("data").get("epoch").asString();
        }
        // 40 messages of about 1 KB: 39 KB after seq 1, 5 KB after seq 35
        for (int i = 1; i <= 40; i++) {
            this.router.notifySessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("n", i, "pad", "p".repeat(1000)));
        }
        try (RawClient far = RawClient.connect(this.port, session + "?since=1&epoch=" + epoch)) {
            JsonNode data = far.connectFrame().get("data");
            assertThat(data.get("recovered").asBoolean()).isFalse();
            assertThat(data.get("missed").asInt()).isZero();
            far.send("{\"type\":\"ping\"}");
            assertThat(far.next().get("type").asString()).isEqualTo("pong");
        }
        try (RawClient near = RawClient.connect(this.port, session + "?since=35&epoch=" + epoch)) {
            JsonNode data = near.connectFrame().get("data");
            assertThat(data.get("recovered").asBoolean()).isTrue();
            assertThat(data.get("missed").asInt()).isEqualTo(5);
            for (int seq = 36; seq <= 40; seq++) {
                assertThat(near.next().get("seq").asLong()).isEqualTo(seq);
            }
        }
    }
}
