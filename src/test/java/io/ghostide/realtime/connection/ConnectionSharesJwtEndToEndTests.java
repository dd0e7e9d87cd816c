package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tokens the share is per user, whatever address the connections come from (here all
 * come from one): a user who fills their share leaves the rest of the session to the others, on
 * either transport, and a STOMP connection counts as the user its CONNECT named.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.security.mode=jwt", "ghostide.security.jwt.hmac-secret=" + Tokens.SECRET,
        "ghostide.connection.max-per-session=5", "ghostide.connection.max-per-session-per-user=2" })
class ConnectionSharesJwtEndToEndTests {

    private static final String ALICE = Tokens.token("alice", "viewer", "shared");

    private static final String BOB = Tokens.token("bob", "viewer", "shared");

    private static final String CAROL = Tokens.token("carol", "viewer", "shared");

    private static final String DAVE = Tokens.token("dave", "viewer", "shared");

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Test
    void oneUserCannotTakeEveryPlaceOfASession() throws Exception {
        try (RawClient alice1 = RawClient.connect(this.port, "shared?access_token=" + ALICE);
                RawClient alice2 = RawClient.connect(this.port, "shared?access_token=" + ALICE);
                RawSocket alice3 = RawSocket.upgrade(this.port, "/ws/shared?access_token=" + ALICE, 0);
                RawClient bob1 = RawClient.connect(this.port, "shared?access_token=" + BOB);
                StompClient bob2 = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(BOB));
                StompClient bob3 = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(BOB))) {
            assertThat(alice3.statusLine()).contains(" 429");
            assertThat(alice3.refusalBody()).contains("ghostide.connection.max-per-session-per-user");

            // bob still has his share, though alice connected from the same address
            bob2.subscribe("/topic/session/shared").subscribed();
            bob3.subscribeNoWait("/topic/session/shared");
            assertThat(bob3.failure().orTimeout(10, TimeUnit.SECONDS).join())
                    .hasMessageContaining("ghostide.connection.max-per-session-per-user");
            await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.connectionCount("shared") == 4);

            // the last place is left to someone else
            try (RawClient carol = RawClient.connect(this.port, "shared?access_token=" + CAROL);
                    RawSocket dave = RawSocket.upgrade(this.port, "/ws/shared?access_token=" + DAVE, 0)) {
                assertThat(this.stats.connectionCount("shared")).isEqualTo(5);
                // and then the session is full, for everyone
                assertThat(dave.statusLine()).contains(" 429");
                assertThat(dave.refusalBody()).contains("Too many connections for session shared").doesNotContain("per-user");
                carol.send("{\"type\":\"ping\"}");
                assertThat(carol.nextOfType("pong")).isNotNull();
            }
            alice1.send("{\"type\":\"ping\"}");
            assertThat(alice1.nextOfType("pong")).isNotNull();
            assertThat(alice2.closed()).isNotDone();
            assertThat(bob1.closed()).isNotDone();
        }
    }

    private static StompHeaders bearer(String token) {
        StompHeaders headers = new StompHeaders();
        headers.add("Authorization", "Bearer " + token);
        return headers;
    }
}
