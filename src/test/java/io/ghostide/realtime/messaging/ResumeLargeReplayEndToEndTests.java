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
 * A replay is queued to the returning connection at once. One larger than its send buffer is
 * still sent in full ({@code recovered: true}, every message once and in order), not taken for a
 * slow reader; once it is written the send buffer holds again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.send-buffer-size=16KB", "ghostide.presence.announce=false" })
class ResumeLargeReplayEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Test
    void aReplayLargerThanTheSendBufferIsRecoveredInFullOnALiveConnection() {
        String session = "replay-large";
        String epoch;
        try (RawClient first = RawClient.connect(this.port, session)) {
            epoch = first.connectFrame().get("data").get("epoch").asString();
        }
        // 40 messages of about 1 KB: 39 KB after seq 1, more than twice the send buffer
        for (int i = 1; i <= 40; i++) {
            this.router.publishSessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("n", i, "pad", "p".repeat(1000)));
        }
        try (RawClient far = RawClient.connect(this.port, session + "?since=1&epoch=" + epoch)) {
            JsonNode data = far.connectFrame().get("data");
            assertThat(data.get("recovered").asBoolean()).isTrue();
            assertThat(data.get("missed").asInt()).isEqualTo(39);
            for (int seq = 2; seq <= 40; seq++) {
                assertThat(far.next().get("seq").asLong()).isEqualTo(seq);
            }
            far.send("{\"type\":\"ping\"}");
            assertThat(far.next().get("type").asString()).isEqualTo("pong");
            // live messages after the replay go through as usual
            this.router.publishSessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("n", 41));
            assertThat(far.next().get("seq").asLong()).isEqualTo(41);
        }
    }
}
