package io.ghostide.realtime.connection;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client cannot take every place of a session: without a token every connection from one
 * address is one client, and it gets {@code max-per-session-per-user} of the session's
 * {@code max-per-session} places, counted across both transports. Before, one address could
 * hold them all and lock the session's owners out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.connection.max-per-session=4", "ghostide.connection.max-per-session-per-user=2" })
class ConnectionSharesEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @AfterEach
    void everyConnectionIsGoneAfterEachTest() {
        await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.totalConnections() == 0);
    }

    @Test
    void aRawConnectionPastTheAddressShareIsRefusedWith429NamingTheProperty() throws Exception {
        try (RawClient first = RawClient.connect(this.port, "share-raw");
                RawClient second = RawClient.connect(this.port, "share-raw");
                RawSocket third = RawSocket.upgrade(this.port, "/ws/share-raw", 0)) {
            assertThat(third.statusLine()).contains(" 429");
            assertThat(third.refusalBody()).contains("at most 2 of its 4")
                    .contains("ghostide.connection.max-per-session-per-user");
            // the session has room (4), but not for this address; the others are untouched
            assertThat(this.stats.connectionCount("share-raw")).isEqualTo(2);
            first.send("{\"type\":\"ping\"}");
            assertThat(first.nextOfType("pong")).isNotNull();
            assertThat(second.closed()).isNotDone();
        }
    }

    /** A local client that binds 127.0.0.2, 127.0.0.3, ... as source addresses still has the one share. */
    @Test
    void newLoopbackSourceAddressesBuyNoNewShare() throws Exception {
        try (RawSocket first = RawSocket.upgradeFrom(InetAddress.getByName("127.0.0.2"), this.port, "/ws/share-loopback");
                RawSocket second = RawSocket.upgradeFrom(InetAddress.getByName("127.0.0.3"), this.port, "/ws/share-loopback")) {
            // each has joined the session once it is told connect
            assertThat(first.readMessage().text()).contains("\"connect\"");
            assertThat(second.readMessage().text()).contains("\"connect\"");
            try (RawSocket third = RawSocket.upgradeFrom(InetAddress.getByName("127.0.0.4"), this.port, "/ws/share-loopback")) {
                assertThat(third.statusLine()).contains(" 429");
                assertThat(third.refusalBody()).contains("ghostide.connection.max-per-session-per-user");
            }
        }
    }

    @Test
    void aStompSubscriptionPastTheShareIsRefusedWithAnErrorFrame() throws Exception {
        try (StompClient first = StompClient.connect(this.port);
                StompClient second = StompClient.connect(this.port);
                StompClient third = StompClient.connect(this.port)) {
            first.subscribe("/topic/session/share-stomp").subscribed();
            second.subscribe("/topic/session/share-stomp").subscribed();
            try (RawSocket raw = RawSocket.upgrade(this.port, "/ws/share-stomp", 0)) {
                assertThat(raw.statusLine()).contains(" 429");
                assertThat(raw.refusalBody()).contains("ghostide.connection.max-per-session-per-user");
            }
            third.subscribeNoWait("/topic/session/share-stomp");
            Throwable failure = third.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Too many connections for session share-stomp from one user")
                    .hasMessageContaining("ghostide.connection.max-per-session-per-user");
            assertThat(this.stats.connectionCount("share-stomp")).isEqualTo(2);
        }
    }
}
