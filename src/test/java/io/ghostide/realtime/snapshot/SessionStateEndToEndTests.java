package io.ghostide.realtime.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.SessionUpdateType;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session_state} on both transports with real clients: when it is sent (asked for, or
 * after a resume that could not recover), where it comes (right after the position), what it
 * says, and how a bad request for it is refused. Histories keep 20 messages here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.resume.history-size=20" })
class SessionStateEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    // files outlive the server: a session of its own on every run
    private static String unique(String session) {
        return session + "-" + Long.toHexString(System.nanoTime());
    }

    private void save(String session, String name, String content) throws IOException {
        HttpProbe.Response response = HttpProbe.request(this.port, "PUT", "/api/v1/sessions/" + session + "/files/" + name,
                content, "Content-Type", "text/plain");
        assertThat(response.status()).isBetween(200, 201);
    }

    private void publish(String session, int count) {
        for (int i = 0; i < count; i++) {
            this.router.publishSessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("n", i));
        }
    }

    static StompHeaders topic(String session, String... headers) {
        StompHeaders stomp = new StompHeaders();
        stomp.setDestination("/topic/session/" + session);
        for (int i = 0; i < headers.length; i += 2) {
            stomp.set(headers[i], headers[i + 1]);
        }
        return stomp;
    }

    /** A raw client opening {@code ?state=true} gets the state as the frame after {@code connect}, at its seq. */
    @Test
    void rawClientAskingForStateGetsItRightAfterConnect() throws IOException {
        String session = unique("state-raw");
        save(session, "main.py", "print('hi')\n");
        try (RawClient ada = RawClient.connectWithPresence(this.port, session + "?name=ada")) {
            JsonNode adaJoin = ada.nextOfType("presence_join");
            try (RawClient bob = RawClient.connectWithPresence(this.port, session + "?name=bob&state=true")) {
                JsonNode connect = bob.connectFrame().get("data");
                JsonNode state = bob.next();
                assertThat(state.get("type").asString()).isEqualTo("session_state");
                assertThat(state.has("seq")).as("a reply has no seq of its own").isFalse();
                JsonNode data = state.get("data");
                assertThat(data.get("epoch").asString()).isEqualTo(connect.get("epoch").asString());
                assertThat(data.get("seq").asLong()).isEqualTo(connect.get("seq").asLong())
                        .isEqualTo(adaJoin.get("seq").asLong());
                JsonNode file = data.get("files").get(0);
                assertThat(file.get("file_name").asString()).isEqualTo("main.py");
                assertThat(file.get("language").asString()).isEqualTo("python");
                assertThat(file.get("size").asLong()).isEqualTo(12);
                assertThat(file.get("version").asLong()).isZero();
                assertThat(file.get("saved_at").asString()).endsWith("Z");
                assertThat(data.get("runs")).isEmpty();
                // ada is there; bob's own join is the first message after the state
                assertThat(data.get("users")).hasSize(1);
                assertThat(data.get("users").get(0).get("user").asString()).isEqualTo("ada");
                assertThat(data.get("users").get(0).get("connections").get(0).get("connection_id").asString())
                        .isEqualTo(ada.connectionId());
                JsonNode bobJoin = bob.next();
                assertThat(bobJoin.get("type").asString()).isEqualTo("presence_join");
                assertThat(bobJoin.get("seq").asLong()).isEqualTo(data.get("seq").asLong() + 1);
            }
        }
    }

    /** A STOMP SUBSCRIBE with {@code state:true} gets the state as the message after {@code subscribed}. */
    @Test
    void stompSubscriptionWithStateHeaderGetsItAfterSubscribed() throws IOException {
        String session = unique("state-stomp");
        save(session, "a.js", "console.log(1)");
        save(session, "b.c", "int main(){}");
        try (StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription subscription = stomp.subscribe(topic(session, "state", "true"));
            JsonNode subscribed = subscription.subscribed().get("data");
            JsonNode state = subscription.next();
            assertThat(state.get("type").asString()).isEqualTo("session_state");
            assertThat(state.has("seq")).isFalse();
            assertThat(state.get("data").get("seq").asLong()).isEqualTo(subscribed.get("seq").asLong());
            assertThat(state.get("data").get("epoch").asString()).isEqualTo(subscribed.get("epoch").asString());
            assertThat(state.get("data").get("files").findValuesAsString("file_name")).containsExactly("a.js", "b.c");
            assertThat(state.get("data").get("files").findValuesAsString("language")).containsExactly("javascript", "c");
            save(session, "c.py", "1");
            assertThat(subscription.nextOfType("file_saved").get("data").get("file_name").asString()).isEqualTo("c.py");
        }
    }

    /** Without the request, or with {@code state=false}, a subscription that resumes nothing gets no state. */
    @Test
    void noStateUnlessAsked() throws IOException {
        String session = unique("state-unasked");
        save(session, "x.py", "1");
        try (RawClient plain = RawClient.connect(this.port, session);
                RawClient no = RawClient.connect(this.port, session + "?state=false");
                StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription subscription = stomp.subscribe(topic(session, "state", "false"));
            subscription.subscribed();
            publish(session, 1);
            assertThat(plain.next().get("type").asString()).isEqualTo("session_update");
            assertThat(no.next().get("type").asString()).isEqualTo("session_update");
            assertThat(subscription.next().get("type").asString()).isEqualTo("session_update");
        }
    }

    /** A resume answered {@code recovered: false} is followed by the state unasked, on both transports. */
    @Test
    void aResumeThatCannotRecoverGetsTheStateUnasked() throws IOException {
        String session = unique("state-lost");
        String epoch;
        try (RawClient first = RawClient.connect(this.port, session)) {
            epoch = first.connectFrame().get("data").get("epoch").asString();
        }
        save(session, "kept.py", "print(2)");
        // more than the history keeps
        publish(session, 30);
        try (RawClient raw = RawClient.connect(this.port, session + "?since=1&epoch=" + epoch);
                StompClient stomp = StompClient.connect(this.port)) {
            JsonNode connect = raw.connectFrame().get("data");
            assertThat(connect.get("recovered").asBoolean()).isFalse();
            JsonNode state = raw.next();
            assertThat(state.get("type").asString()).isEqualTo("session_state");
            assertThat(state.get("data").get("seq").asLong()).isEqualTo(connect.get("seq").asLong());
            assertThat(state.get("data").get("files").findValuesAsString("file_name")).containsExactly("kept.py");

            StompClient.Subscription subscription = stomp.subscribe(topic(session, "since", "1", "epoch", epoch));
            JsonNode subscribed = subscription.subscribed().get("data");
            assertThat(subscribed.get("recovered").asBoolean()).isFalse();
            JsonNode stompState = subscription.next();
            assertThat(stompState.get("type").asString()).isEqualTo("session_state");
            assertThat(stompState.get("data").get("seq").asLong()).isEqualTo(subscribed.get("seq").asLong());
            // the raw client's presence changed nothing of the files; the STOMP one saw the raw join first
            assertThat(stompState.get("data").get("users").findValuesAsString("connection_id")).contains(raw.connectionId());
        }
    }

    /**
     * A resume that recovers gets its replay and no state unless it asks; asking, it gets the
     * state at the position's seq right after the position, then the replay it already includes.
     */
    @Test
    void aRecoveredResumeGetsTheStateOnlyWhenItAsks() {
        String session = unique("state-recovered");
        String epoch;
        long seq;
        try (RawClient first = RawClient.connect(this.port, session)) {
            epoch = first.connectFrame().get("data").get("epoch").asString();
            seq = first.connectFrame().get("data").get("seq").asLong();
        }
        publish(session, 3);
        try (RawClient resumed = RawClient.connect(this.port, session + "?since=" + seq + "&epoch=" + epoch)) {
            assertThat(resumed.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
            JsonNode next = resumed.next();
            assertThat(next.get("type").asString()).isNotEqualTo("session_state");
            assertThat(next.get("seq").asLong()).isGreaterThan(seq);
        }
        try (RawClient asked = RawClient.connect(this.port, session + "?since=" + seq + "&epoch=" + epoch + "&state=true")) {
            JsonNode connect = asked.connectFrame().get("data");
            assertThat(connect.get("recovered").asBoolean()).isTrue();
            JsonNode state = asked.next();
            assertThat(state.get("type").asString()).isEqualTo("session_state");
            assertThat(state.get("data").get("seq").asLong()).isEqualTo(connect.get("seq").asLong());
            // the replay follows (presence frames are left out by this client): it is at or below the state's seq
            JsonNode replayed = asked.next();
            assertThat(replayed.get("type").asString()).isEqualTo("session_update");
            assertThat(replayed.get("seq").asLong()).isGreaterThan(seq).isLessThanOrEqualTo(connect.get("seq").asLong());
        }
    }

    /** Any {@code state} but {@code true} or {@code false} is refused at the raw upgrade with 400 saying so. */
    @Test
    void aBadStateParameterIsRefusedAtTheRawUpgrade() throws IOException {
        for (String query : new String[] { "state=maybe", "state=", "state", "state=TRUE", "state=1", "state=true%00" }) {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/state-bad?" + query, 0)) {
                assertThat(socket.statusLine()).as(query).contains(" 400");
                assertThat(socket.refusalBody()).as(query).contains("'state' must be true or false")
                        .doesNotContain("Exception");
            }
        }
    }

    /** A bad {@code state} header gets a STOMP ERROR naming it; other clients of the session go on. */
    @Test
    void aBadStateHeaderIsRefusedToItsSenderAlone() {
        String session = unique("state-bad-stomp");
        try (RawClient bystander = RawClient.connect(this.port, session);
                StompClient stomp = StompClient.connect(this.port)) {
            stomp.subscribeNoWait(topic(session, "state", "maybe"));
            Throwable error = stomp.failure().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(error.getMessage()).contains("'state' must be true or false").doesNotContain("Exception");
            publish(session, 1);
            assertThat(bystander.next().get("type").asString()).isEqualTo("session_update");
        }
    }

    /**
     * A run's entry says how far its transcript went at the state's seq: the transcript read up to
     * there, then the run's later messages, make its whole output, once each.
     */
    @Test
    void aRunningRunsTranscriptNextJoinsTheTranscriptToTheLiveOutput() throws IOException {
        String session = unique("state-run");
        try (RawClient typist = RawClient.connect(this.port, session)) {
            typist.sendCommand("execute_code", "{\"language\":\"python\",\"interactive\":true,\"code\":"
                    + JSON.writeValueAsString("name = input('name? ')\nprint('hello ' + name)\n") + "}");
            String id = typist.nextOfType("execution_start").get("data").get("execution_id").asString();
            typist.nextMatching(frame -> frame.path("data").path("output").asString().equals("name? "), Duration.ofSeconds(30));
            try (RawClient late = RawClient.connect(this.port, session + "?state=true")) {
                JsonNode run = late.nextOfType("session_state").get("data").get("runs").get(0);
                assertThat(run.get("execution_id").asString()).isEqualTo(id);
                assertThat(run.get("status").asString()).isEqualTo("running");
                assertThat(run.get("language").asString()).isEqualTo("python");
                assertThat(run.get("transcript_next").asInt()).isEqualTo(1);
                typist.sendCommand("execution_input", "{\"execution_id\":\"" + id + "\",\"data\":\"ada\\n\"}");
                StringBuilder seen = new StringBuilder();
                JsonNode transcript = JSON.readTree(HttpProbe.request(this.port, "GET", "/api/v1/executions/" + id
                        + "/transcript", null).body());
                for (int i = 0; i < run.get("transcript_next").asInt(); i++) {
                    seen.append(transcript.get("events").get(i).get("text").asString());
                }
                for (JsonNode frame = late.next(); !frame.get("type").asString().equals("execution_complete");
                        frame = late.next()) {
                    seen.append(frame.get("data").path("output").asString(frame.get("data").path("data").asString("")));
                }
                assertThat(seen.toString()).isEqualTo("name? ada\nhello ada\n");
            }
            try (RawClient after = RawClient.connect(this.port, session + "?state=true")) {
                JsonNode run = after.nextOfType("session_state").get("data").get("runs").get(0);
                assertThat(run.get("status").asString()).isEqualTo("ok");
                assertThat(run.get("transcript_next").asInt()).isEqualTo(3);
            }
        }
    }
}
