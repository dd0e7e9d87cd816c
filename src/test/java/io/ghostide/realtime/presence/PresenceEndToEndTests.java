package io.ghostide.realtime.presence;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** Presence in {@code none} mode with real clients of both transports, however they leave. */
@ServerTest
class PresenceEndToEndTests {

    @LocalServerPort
    int port;

    @Test
    void presenceFollowsUsersOnBothTransports() throws Exception {
        try (RawClient alice = RawClient.connectWithPresence(this.port, "presence-two?name=alice")) {
            JsonNode own = alice.nextOfType("presence_join");
            assertThat(own.get("data").get("user").asString()).isEqualTo("alice");
            assertThat(own.get("data").get("connection_id").asString()).isEqualTo(alice.connectionId());
            assertThat(own.get("data").get("transport").asString()).isEqualTo("raw");
            assertThat(own.get("data").get("joined_at").asString()).endsWith("Z");
            assertThat(own.get("seq").asLong()).isPositive();

            StompHeaders named = new StompHeaders();
            named.add("name", "bob");
            StompClient bob = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), named);
            String bobConnection;
            try {
                bob.subscribe("/topic/session/presence-two");
                JsonNode joined = alice.nextOfType("presence_join");
                assertThat(joined.get("data").get("user").asString()).isEqualTo("bob");
                assertThat(joined.get("data").get("transport").asString()).isEqualTo("stomp");
                bobConnection = joined.get("data").get("connection_id").asString();

                JsonNode presence = get("/ws/sessions/presence-two/presence");
                assertThat(presence.get("session_id").asString()).isEqualTo("presence-two");
                assertThat(presence.get("users")).extracting(user -> user.get("user").asString())
                        .containsExactly("alice", "bob");
                JsonNode aliceConnections = presence.get("users").get(0).get("connections");
                assertThat(aliceConnections).hasSize(1);
                assertThat(aliceConnections.get(0).get("connection_id").asString()).isEqualTo(alice.connectionId());
                assertThat(aliceConnections.get(0).get("transport").asString()).isEqualTo("raw");

                // the command answers the sender alone, without a seq
                alice.send("{\"type\":\"presence\"}");
                JsonNode reply = alice.nextOfType("presence");
                assertThat(reply.has("seq")).isFalse();
                assertThat(reply.get("data").get("users")).extracting(user -> user.get("user").asString())
                        .containsExactly("alice", "bob");
            }
            finally {
                bob.close();
            }
            JsonNode left = alice.nextOfType("presence_leave");
            assertThat(left.get("data").get("user").asString()).isEqualTo("bob");
            assertThat(left.get("data").get("connection_id").asString()).isEqualTo(bobConnection);
            assertThat(left.get("data").get("reason").asString()).isNotBlank();
            assertThat(get("/ws/sessions/presence-two/presence").get("users")).extracting(u -> u.get("user").asString())
                    .containsExactly("alice");
        }
    }

    @Test
    void aTcpResetLeavesWithoutWaitingForAPing() throws Exception {
        try (RawClient alice = RawClient.connectWithPresence(this.port, "presence-reset?name=alice")) {
            alice.nextOfType("presence_join");
            RawSocket carol = RawSocket.upgrade(this.port, "/ws/presence-reset?name=carol", 0);
            assertThat(carol.upgraded()).isTrue();
            assertThat(alice.nextOfType("presence_join").get("data").get("user").asString()).isEqualTo("carol");
            carol.reset();
            // the reset fails the connection's read at once; were it noticed only when a ping
            // fails to go out (ghostide.connection.ping-interval, 25 s), this wait would end first
            JsonNode left = alice.nextMatching(frame -> "presence_leave".equals(frame.path("type").asString()),
                    Duration.ofSeconds(20));
            assertThat(left.get("data").get("user").asString()).isEqualTo("carol");
            assertThat(left.get("data").get("reason").asString()).isEqualTo("connection_lost");
        }
    }

    @Test
    void anUnnamedConnectionIsAnonymousByItsConnectionId() {
        try (RawClient anonymous = RawClient.connectWithPresence(this.port, "presence-anon")) {
            JsonNode own = anonymous.nextOfType("presence_join");
            assertThat(own.get("data").get("user").asString()).isEqualTo("anonymous-" + anonymous.connectionId());
        }
    }

    @Test
    void anInvalidNameIsRefusedOnBothTransports() throws IOException {
        assertThat(HttpProbe.upgrade(this.port, "/ws/presence-bad?name=%3Cscript%3E").status()).isEqualTo(400);
        assertThat(HttpProbe.upgrade(this.port, "/ws/presence-bad?name=" + "x".repeat(65)).status()).isEqualTo(400);
        StompHeaders named = new StompHeaders();
        named.add("name", "<script>");
        assertThat(StompClient.refusal(this.port, "", new WebSocketHttpHeaders(), named)).contains("Invalid name");
    }

    @Test
    void unsubscribingLeavesTheSession() {
        try (RawClient alice = RawClient.connectWithPresence(this.port, "presence-unsub?name=alice")) {
            alice.nextOfType("presence_join");
            StompClient stomp = StompClient.connect(this.port);
            try {
                org.springframework.messaging.simp.stomp.StompSession.Subscription handle =
                        stomp.session().subscribe("/topic/session/presence-unsub", new StompClient.Subscription());
                String user = alice.nextOfType("presence_join").get("data").get("user").asString();
                assertThat(user).startsWith("anonymous-");
                handle.unsubscribe();
                JsonNode left = alice.nextOfType("presence_leave");
                assertThat(left.get("data").get("user").asString()).isEqualTo(user);
                assertThat(left.get("data").get("reason").asString()).isEqualTo("unsubscribed");
            }
            finally {
                stomp.close();
            }
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = Http.on(this.port).get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
