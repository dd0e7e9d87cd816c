package io.ghostide.realtime.connection;

import java.time.Duration;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Keep-alive pings and the idle timeout, with short settings; the send time limit has its own tests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.ping-interval=200ms", "ghostide.connection.idle-timeout=3s" })
class KeepAliveEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aConnectionThatNeverAnswersPingsIsClosedAfterTheIdleTimeout() throws Exception {
        double idleClosesBefore = closedFor(CloseReason.IDLE);
        try (RawSocket silent = RawSocket.upgrade(this.port, "/ws/silent", 0)) {
            assertThat(silent.upgraded()).isTrue();
            long start = System.nanoTime();
            RawSocket.Frame ping = silent.readFrame();
            while (ping.opcode() != 0x9) {
                ping = silent.readFrame();
            }
            // the socket's read timeout (15 s) bounds the wait; a busy machine only makes the close later
            RawSocket.Frame close = silent.readUntilClose();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1001);
            // not before the idle timeout (3 s, counted from the upgrade, a moment before start)
            assertThat(took).isGreaterThan(Duration.ofMillis(2700));
            await().atMost(Duration.ofSeconds(15)).until(() -> closedFor(CloseReason.IDLE) == idleClosesBefore + 1);
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

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }
}
