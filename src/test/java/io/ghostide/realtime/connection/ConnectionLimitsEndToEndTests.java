package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.sessionlog.SessionLog;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.messaging.StreamType;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The limits that keep one client from hurting others, with small caps so they can be reached. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.connection.max-per-session=2", "ghostide.connection.max-total=4" })
class ConnectionLimitsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Autowired
    MessageRouter router;

    @Autowired
    SessionLog sessionLog;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void everyConnectionIsGoneAfterEachTest() {
        await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.totalConnections() == 0);
    }

    @Test
    void aThirdRawConnectionToASessionIsRefusedWith429() throws Exception {
        try (RawClient first = RawClient.connect(this.port, "capped");
                RawClient second = RawClient.connect(this.port, "capped");
                RawSocket third = RawSocket.upgrade(this.port, "/ws/capped", 0)) {
            assertThat(third.statusLine()).contains(" 429");
            assertThat(this.stats.connectionCount("capped")).isEqualTo(2);
            // the others are untouched
            first.send("{\"type\":\"ping\"}");
            assertThat(first.next().get("type").asString()).isEqualTo("pong");
            assertThat(second.closed()).isNotDone();
        }
    }

    @Test
    void aStompSubscriptionOverTheSessionCapIsRefusedWithAnErrorFrame() {
        try (RawClient first = RawClient.connect(this.port, "capped-stomp");
                RawClient second = RawClient.connect(this.port, "capped-stomp");
                StompClient stomp = StompClient.connect(this.port)) {
            stomp.subscribeNoWait("/topic/session/capped-stomp");
            Throwable failure = stomp.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Too many connections for session capped-stomp");
            assertThat(this.stats.connectionCount("capped-stomp")).isEqualTo(2);
        }
    }

    @Test
    void connectionsPastTheServerCapAreRefusedWith503() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(RawClient.connect(this.port, "server-cap-" + i));
            }
            try (RawSocket raw = RawSocket.upgrade(this.port, "/ws/server-cap-x", 0);
                    RawSocket stomp = RawSocket.upgrade(this.port, "/stomp", 0)) {
                assertThat(raw.statusLine()).contains(" 503");
                assertThat(stomp.statusLine()).contains(" 503");
            }
            assertThat(this.stats.totalConnections()).isEqualTo(4);
        }
        finally {
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void theListenBacklogHoldsABurstOfConnects(@Autowired WebServerApplicationContext context) {
        Server server = ((JettyWebServer) context.getWebServer()).getServer();
        assertThat(server.getConnectors()).singleElement().isInstanceOfSatisfying(ServerConnector.class,
                connector -> assertThat(connector.getAcceptQueueSize()).isEqualTo(ServerConnectorSettings.ACCEPT_QUEUE_SIZE));
    }

    @Test
    void anOversizedRawFrameClosesThatConnectionWith1009() {
        double closedBefore = closedFor(CloseReason.FRAME_TOO_LARGE);
        try (RawClient big = RawClient.connect(this.port, "big-frame");
                RawClient neighbour = RawClient.connect(this.port, "big-frame")) {
            big.socket().sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}", true);
            RawClient.Closed closed = big.closed().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(closed.code()).isEqualTo(1009);
            // counted as the container reports the refusal, which may come just after the close frame
            await().atMost(Duration.ofSeconds(15)).until(() -> closedFor(CloseReason.FRAME_TOO_LARGE) == closedBefore + 1);
            neighbour.send("{\"type\":\"ping\"}");
            assertThat(neighbour.next().get("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void aFrameJustUnderTheLimitIsAccepted() {
        try (RawClient raw = RawClient.connect(this.port, "large-ok")) {
            raw.send("{\"type\":\"ping\",\"timestamp\":\"" + "y".repeat(60 * 1024) + "\"}");
            JsonNode pong = raw.next();
            assertThat(pong.get("data").get("timestamp").asString()).hasSize(60 * 1024);
        }
    }

    @Test
    void anOversizedStompFrameClosesThatConnectionWith1009() throws Exception {
        try (RawSocket stomp = RawSocket.upgrade(this.port, "/stomp", 0)) {
            assertThat(stomp.upgraded()).isTrue();
            stomp.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            assertThat(stomp.readFrame().text()).startsWith("CONNECTED");
            stomp.sendText("SEND\ndestination:/app/session/big\ncontent-type:application/json\n\n{\"type\":\"ping\",\"p\":\""
                    + "z".repeat(70 * 1024) + "\"}\0");
            RawSocket.Frame close = stomp.readUntilClose();
            assertThat(close).isNotNull();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWhileItsNeighbourGetsEverything() throws Exception {
        double closedBefore = closedFor(CloseReason.SEND_BUFFER_FULL);
        try (RawSocket stalled = RawSocket.upgrade(this.port, "/ws/slow-reader", 4096);
                RawClient reader = RawClient.connectWithPresence(this.port, "slow-reader")) {
            assertThat(stalled.upgraded()).isTrue();
            String line = "o".repeat(1000);
            int messages = 12_000;
            int batch = 300;
            // seq 1 and 2 are the two connections' presence_join; the reader hears its own
            JsonNode joined = reader.nextOfType("presence_join");
            await().atMost(Duration.ofSeconds(5)).until(() -> this.sessionLog.read("slow-reader", null).seq() == 2);
            long lastSeq = joined.get("seq").asLong() == 1 ? reader.nextOfType("presence_join").get("seq").asLong() : 2;
            // published in batches the reader keeps up with: 12 MB in all, far past what the
            // stalled client's socket buffers and its 512 KiB queue can hold
            for (int sent = 0; sent < messages; sent += batch) {
                for (int i = 0; i < batch; i++) {
                    this.router.publishExecutionOutput("slow-reader", "flood", line, StreamType.STDOUT);
                }
                for (int i = 0; i < batch; i++) {
                    JsonNode frame = reader.next();
                    assertThat(frame.get("seq").asLong()).isEqualTo(lastSeq + 1);
                    lastSeq = frame.get("seq").asLong();
                    if (frame.get("type").asString().startsWith("presence_")) {
                        // the stalled connection's leave, when it is closed, has its place in the order
                        i--;
                        continue;
                    }
                    assertThat(frame.get("type").asString()).isEqualTo("execution_output");
                }
            }
            // the reader was not held up by the stalled one: that one was cut for its full queue
            // (counted below), not after a send time limit
            await().atMost(Duration.ofSeconds(5)).until(() -> this.stats.connectionCount("slow-reader") == 1);
            // in all: the messages, the two joins, and the stalled connection's leave
            await().atMost(Duration.ofSeconds(5)).until(() -> this.sessionLog.read("slow-reader", null).seq() == messages + 3);
            while (lastSeq < messages + 3) {
                // the stalled connection's leave came after the last message
                JsonNode left = reader.next();
                assertThat(left.get("type").asString()).isEqualTo("presence_leave");
                assertThat(left.get("seq").asLong()).isEqualTo(lastSeq + 1);
                lastSeq = left.get("seq").asLong();
            }
            assertThat(closedFor(CloseReason.SEND_BUFFER_FULL)).isEqualTo(closedBefore + 1);
        }
    }

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }
}
