package io.ghostide.realtime.connection;

import java.time.Duration;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.messaging.StreamType;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading, with a send buffer too large to fill: the write it leaves stuck
 * closes it once the send time limit is over, and its socket is gone soon after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.send-time-limit=1s", "ghostide.connection.send-buffer-size=256MB" })
class SendTimeLimitEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Autowired
    MessageRouter router;

    @Autowired
    MeterRegistry meters;

    @Test
    void aWriteStuckPastTheSendTimeLimitClosesThatConnectionOnly() throws Exception {
        double closedBefore = closedFor(CloseReason.SEND_TIME_LIMIT);
        try (RawSocket stalled = RawSocket.upgrade(this.port, "/ws/stuck-write", 4096);
                RawClient neighbour = RawClient.connect(this.port, "stuck-write")) {
            assertThat(stalled.upgraded()).isTrue();
            await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.connectionCount("stuck-write") == 2);
            // 8 MB: far more than the loopback socket buffers hold, far less than the send buffer
            String line = "w".repeat(8000);
            for (int i = 0; i < 1000; i++) {
                this.router.publishExecutionOutput("stuck-write", "flood", line, StreamType.STDOUT);
            }
            // counted under the send time limit's reason: not an idle timeout (60 s), nor the send buffer
            await().atMost(Duration.ofSeconds(20)).until(() -> closedFor(CloseReason.SEND_TIME_LIMIT) == closedBefore + 1);
            // the stalled client's connection is dropped even though it never reads the close frame
            await().atMost(Duration.ofSeconds(20)).until(() -> this.stats.connectionCount("stuck-write") == 1);
            neighbour.send("{\"type\":\"ping\"}");
            assertThat(neighbour.nextOfType("pong")).isNotNull();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> this.stats.totalConnections() == 0);
    }

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }
}
