package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Keep-alive pings, the idle timeout and the send time limit, with short settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.ping-interval=200ms", "ghostide.connection.idle-timeout=3s",
                "ghostide.connection.send-time-limit=1s", "ghostide.connection.send-buffer-size=64MB" })
class KeepAliveEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Autowired
    MessageRouter router;

    @Autowired
    MeterRegistry meters;

    @Test
    void aConnectionThatNeverAnswersPingsIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawSocket silent = RawSocket.upgrade(this.port, "/ws/silent", 0)) {
            assertThat(silent.upgraded()).isTrue();
            long start = System.nanoTime();
            RawSocket.Frame ping = silent.readFrame();
            while (ping.opcode() != 0x9) {
                ping = silent.readFrame();
            }
            RawSocket.Frame close = silent.readUntilClose();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(took).isBetween(Duration.ofMillis(2700), Duration.ofSeconds(8));
        }
    }

    @Test
    void aClientThatAnswersPingsStaysOpenPastTheIdleTimeout() throws Exception {
        try (RawClient polite = RawClient.connect(this.port, "polite")) {
            assertThat(polite.poll(Duration.ofMillis(4000))).isNull();
            assertThat(polite.closed()).isNotDone();
            polite.send("{\"type\":\"ping\"}");
            assertThat(polite.next().get("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void aWriteStuckPastTheSendTimeLimitClosesTheConnection() throws Exception {
        double before = this.meters.get("ghostide.connections.closed").tag("reason", CloseReason.SEND_TIME_LIMIT.tag())
                .counter().count();
        try (RawSocket stalled = RawSocket.upgrade(this.port, "/ws/stuck-write", 4096)) {
            assertThat(stalled.upgraded()).isTrue();
            await().atMost(Duration.ofSeconds(1)).until(() -> this.stats.connectionCount("stuck-write") == 1);
            String chunk = "s".repeat(16 * 1024);
            // far more than the socket buffers hold, far less than the 64 MB send buffer
            for (int i = 0; i < 1024; i++) {
                this.router.streamExecutionOutput("stuck-write", "stuck", chunk, "stdout");
            }
            // closed by the send time limit (1 s), well before the idle timeout (3 s) could do it
            await().atMost(Duration.ofMillis(2700)).until(() -> this.stats.connectionCount("stuck-write") == 0);
            assertThat(this.meters.get("ghostide.connections.closed").tag("reason", CloseReason.SEND_TIME_LIMIT.tag())
                    .counter().count()).isEqualTo(before + 1);
        }
    }
}
