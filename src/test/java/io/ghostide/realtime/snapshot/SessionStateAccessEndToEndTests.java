package io.ghostide.realtime.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.JwtServerTest;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session_state} in {@code jwt} mode: reading the session is enough to get it, and a
 * client whose token does not cover the session gets nothing of it, whatever it asks.
 */
@JwtServerTest
class SessionStateAccessEndToEndTests {

    // files outlive the server: a session of its own on every run
    private static final String SESSION = "state-jwt-" + Long.toHexString(System.nanoTime());

    private static final String EDITOR = Tokens.token("alice", "editor", SESSION);

    private static final String VIEWER = Tokens.token("victor", "viewer", SESSION);

    private static final String OUTSIDER = Tokens.token("mallory", "editor", "state-jwt-elsewhere", "other-*");

    @LocalServerPort
    int port;

    @BeforeEach
    void storeAFile() throws IOException {
        HttpProbe.Response saved = HttpProbe.request(this.port, "PUT", "/api/v1/sessions/" + SESSION + "/files/secret.py",
                "print('s3cret')", "Content-Type", "text/plain", "Authorization", "Bearer " + EDITOR);
        assertThat(saved.status()).isBetween(200, 201);
    }

    /** A viewer may read the session, so it gets the state on both transports. */
    @Test
    void aViewerGetsTheState() {
        try (RawClient raw = RawClient.connect(this.port, SESSION + "?state=true&access_token=" + VIEWER)) {
            JsonNode state = raw.next();
            assertThat(state.get("type").asString()).isEqualTo("session_state");
            assertThat(state.get("data").get("files").findValuesAsString("file_name")).containsExactly("secret.py");
        }
        try (StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(VIEWER))) {
            StompClient.Subscription subscription = stomp.subscribe(topic("state", "true"));
            assertThat(subscription.next().get("type").asString()).isEqualTo("session_state");
        }
    }

    /** Outside the token's sessions the raw upgrade is refused with 403 and says nothing of the session. */
    @Test
    void aRawClientWithoutAccessGetsNothing() throws IOException {
        for (String query : new String[] { "?state=true", "?state=true&since=1&epoch=anything", "?since=0" }) {
            HttpProbe.Response refused = HttpProbe.upgrade(this.port, "/ws/" + SESSION + query + "&access_token=" + OUTSIDER);
            assertThat(refused.status()).as(query).isEqualTo(403);
            assertThat(refused.body()).as(query).doesNotContain("secret.py").doesNotContain("session_state");
        }
    }

    /** Outside the token's sessions a STOMP SUBSCRIBE asking for the state gets an ERROR and no message at all. */
    @Test
    void aStompClientWithoutAccessGetsNothing() throws InterruptedException {
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(OUTSIDER));
        try {
            StompClient.Subscription subscription = stomp.subscribeNoWait(topic("state", "true", "since", "1", "epoch", "x"));
            Throwable error = stomp.failure().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(error.getMessage()).contains("Forbidden").doesNotContain("secret.py");
            assertThat(subscription.poll(Duration.ofSeconds(2))).isNull();
        }
        finally {
            stomp.close();
        }
    }

    private static StompHeaders topic(String... headers) {
        StompHeaders stomp = new StompHeaders();
        stomp.setDestination("/topic/session/" + SESSION);
        for (int i = 0; i < headers.length; i += 2) {
            stomp.set(headers[i], headers[i + 1]);
        }
        return stomp;
    }

    private static StompHeaders bearer(String token) {
        StompHeaders headers = new StompHeaders();
        headers.set("Authorization", "Bearer " + token);
        return headers;
    }
}
