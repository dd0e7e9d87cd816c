package io.ghostide.realtime.messaging.resume;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.SessionUpdateType;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.StompClient.topic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume on both transports with real clients: the position on {@code connect} and
 * {@code subscribed}, the replay, and every way a resume point can be refused or not recovered.
 * Histories keep 20 messages here, so "older than the history" is quick to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // its seq arithmetic predates presence_join/leave
        properties = { "ghostide.resume.history-size=20", "ghostide.presence.announce=false" })
class ResumeEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Autowired
    ResumeGateInterceptor gates;

    private void publish(String session, int from, int to) {
        for (int i = from; i <= to; i++) {
            this.router.publishSessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("n", i));
        }
    }

    @Test
    void rawConnectCarriesTheSessionsPositionWithoutRecoveredUnlessAsked() {
        String epoch;
        try (RawClient first = RawClient.connect(this.port, "raw-position")) {
            JsonNode data = first.connectFrame().get("data");
            epoch = data.get("epoch").asString();
            assertThat(epoch).matches("[A-Za-z0-9_-]{1,64}");
            assertThat(data.get("seq").asLong()).isZero();
            assertThat(data.has("recovered")).isFalse();
            assertThat(data.has("missed")).isFalse();
            assertThat(first.connectFrame().has("seq")).isFalse();
        }
        publish("raw-position", 1, 3);
        try (RawClient second = RawClient.connect(this.port, "raw-position")) {
            JsonNode data = second.connectFrame().get("data");
            assertThat(data.get("epoch").asString()).isEqualTo(epoch);
            assertThat(data.get("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void rawResumeReplaysWhatWasMissedThenLiveMessages() {
        String session = "raw-resume";
        String epoch;
        try (RawClient before = RawClient.connect(this.port, session)) {
            epoch = before.connectFrame().get("data").get("epoch").asString();
            publish(session, 1, 5);
            for (int i = 1; i <= 5; i++) {
                assertThat(before.next().get("seq").asLong()).isEqualTo(i);
            }
        }
        publish(session, 6, 10);
        try (RawClient after = RawClient.connect(this.port, session + "?since=5&epoch=" + epoch)) {
            JsonNode data = after.connectFrame().get("data");
            assertThat(data.get("recovered").asBoolean()).isTrue();
            assertThat(data.get("missed").asInt()).isEqualTo(5);
            assertThat(data.get("seq").asLong()).isEqualTo(10);
            for (int i = 6; i <= 10; i++) {
                JsonNode replayed = after.next();
                assertThat(replayed.get("seq").asLong()).isEqualTo(i);
                assertThat(replayed.get("data").get("details").get("n").asInt()).isEqualTo(i);
            }
            publish(session, 11, 11);
            assertThat(after.next().get("seq").asLong()).isEqualTo(11);
        }
        assertThat(this.gates.size()).isZero();
    }

    @Test
    void stompSubscriptionStartsWithSubscribedThenTheReplayThenLive() {
        String session = "stomp-resume";
        publish(session, 1, 8);
        try (RawClient raw = RawClient.connect(this.port, session);
                StompClient stomp = StompClient.connect(this.port)) {
            String epoch = raw.connectFrame().get("data").get("epoch").asString();
            StompClient.Subscription plain = stomp.subscribe("/topic/session/" + session);
            JsonNode position = plain.subscribed();
            assertThat(position.get("session_id").asString()).isEqualTo(session);
            assertThat(position.has("seq")).isFalse();
            assertThat(position.get("data").get("epoch").asString()).isEqualTo(epoch);
            assertThat(position.get("data").get("seq").asLong()).isEqualTo(8);
            assertThat(position.get("data").has("recovered")).isFalse();

            StompClient.Subscription resumed = stomp.subscribe(topic(session, "3", epoch));
            JsonNode subscribed = resumed.subscribed();
            assertThat(subscribed.get("data").get("recovered").asBoolean()).isTrue();
            assertThat(subscribed.get("data").get("missed").asInt()).isEqualTo(5);
            for (int i = 4; i <= 8; i++) {
                assertThat(resumed.next().get("seq").asLong()).isEqualTo(i);
            }
            publish(session, 9, 9);
            assertThat(resumed.next().get("seq").asLong()).isEqualTo(9);
            assertThat(plain.next().get("seq").asLong()).isEqualTo(9);
            assertThat(raw.next().get("seq").asLong()).isEqualTo(9);
        }
    }

    @Test
    void anUnrecoverableResumeStartsFromTheCurrentState() {
        String session = "not-recovered";
        publish(session, 1, 30);
        String epoch;
        try (RawClient probe = RawClient.connect(this.port, session)) {
            epoch = probe.connectFrame().get("data").get("epoch").asString();
        }
        int published = 30;
        // ahead first: each round publishes one more
        String[] queries = { "?since=31&epoch=" + epoch, "?since=25&epoch=stale-epoch", "?since=5&epoch=" + epoch };
        for (String query : queries) {
            try (RawClient raw = RawClient.connect(this.port, session + query);
                    StompClient stomp = StompClient.connect(this.port)) {
                String[] params = query.substring(1).split("&");
                StompClient.Subscription topic = stomp.subscribe(topic(session, params[0].substring(6), params[1].substring(6)));
                for (JsonNode data : new JsonNode[] { raw.connectFrame().get("data"), topic.subscribed().get("data") }) {
                    assertThat(data.get("recovered").asBoolean()).as(query).isFalse();
                    assertThat(data.get("missed").asInt()).isZero();
                    assertThat(data.get("seq").asLong()).isEqualTo(published);
                }
                // a resume that could not recover is followed by the session's state, unasked
                assertThat(raw.next().get("type").asString()).isEqualTo("session_state");
                assertThat(topic.next().get("type").asString()).isEqualTo("session_state");
                published++;
                publish(session, published, published);
                assertThat(raw.next().get("seq").asLong()).isEqualTo(published);
                assertThat(topic.next().get("seq").asLong()).isEqualTo(published);
            }
        }
    }

    @Test
    void malformedResumePointsAreRefusedAtTheRawUpgrade() throws IOException {
        String[] bad = { "since=abc", "since=-1", "since=99999999999999999999", "since=", "since",
                "since=1&epoch=not%20an%20epoch", "epoch=" + "e".repeat(65) };
        for (String query : bad) {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/bad-resume?" + query, 0)) {
                assertThat(socket.statusLine()).as(query).contains(" 400");
            }
        }
    }

    @Test
    void malformedResumePointsGetAStompErrorNamingTheHeader() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            stomp.subscribeNoWait(topic("bad-stomp-resume", "-3", null));
            Throwable error = stomp.failure().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(error.getMessage()).contains("since").doesNotContain("Exception");
        }
        try (StompClient stomp = StompClient.connect(this.port)) {
            stomp.subscribeNoWait(topic("bad-stomp-resume", "1", "bad epoch!"));
            Throwable error = stomp.failure().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(error.getMessage()).contains("epoch");
        }
    }

    @Test
    void aRawRefusalSaysWhatIsWrongInItsBody() throws IOException {
        try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/body-check?since=x", 0)) {
            assertThat(socket.statusLine()).contains(" 400");
            assertThat(socket.refusalBody()).contains("'since' must be a whole number").doesNotContain("Exception");
        }
    }
}
