package io.ghostide.realtime.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.JwtRefreshServerTest;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code token_expiring} and {@code auth_refresh} on both transports, with real clients and
 * real tokens. Tokens live {@link #LIFE}, and the warning comes 2 s before they expire.
 */
@JwtRefreshServerTest
class TokenRefreshEndToEndTests {

    // (4 to 5 s, as exp holds whole seconds) long enough to connect on a loaded machine before the
    // 2 s warning is due; one that falls due before the connection can hear it is sent then
    private static final Duration LIFE = Duration.ofSeconds(5);

    // lines a run prints, one each 100 ms: it outlasts a token of LIFE
    private static final int LINES = 60;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String ADMIN = Tokens.token("root", "admin", "*");

    @LocalServerPort
    int port;

    // ---- raw

    /** Without a refresh the warning comes, names the token's expiry, and the close with 1008 follows it. */
    @Test
    void withoutARefreshARawConnectionIsWarnedThenClosedAtExpiry() {
        Instant expiresAt = expiry(LIFE);
        try (RawClient raw = RawClient.connect(this.port, "tr-warn?access_token=" + token("ann", "editor", expiresAt, "tr-warn"))) {
            JsonNode warning = raw.nextOfType("token_expiring");
            assertThat(Instant.now()).isBefore(expiresAt);
            assertThat(warning.has("seq")).isFalse();
            assertThat(Instant.parse(warning.get("data").get("expires_at").asString())).isEqualTo(expiresAt);
            JsonNode disconnect = raw.nextOfType("disconnect");
            assertThat(disconnect.get("data").get("reason").asString()).isEqualTo("token_expired");
            assertThat(raw.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isEqualTo(1008);
        }
    }

    /**
     * A run streams across a refresh made on the warning: every line arrives, the session's
     * messages have no gap in {@code seq}, and the connection outlives the first token.
     */
    @Test
    void rawRefreshKeepsTheConnectionPastTheOldExpiryWithNoMessageLost() throws Exception {
        Instant oldExpiry = expiry(LIFE);
        String later = token("ben", "editor", expiry(Duration.ofHours(1)), "tr-stream");
        try (RawClient raw = RawClient.connectWithPresence(this.port,
                "tr-stream?access_token=" + token("ben", "editor", oldExpiry, "tr-stream"))) {
            raw.sendCommand("execute_code", "{\"language\":\"python\",\"code\":\"import time\\nfor i in range(" + LINES + "):\\n"
                    + "    print(i, flush=True)\\n    time.sleep(0.1)\\n\"}");
            StringBuilder output = new StringBuilder();
            List<Long> seqs = new ArrayList<>();
            JsonNode refreshed = null;
            JsonNode complete = null;
            while (complete == null) {
                JsonNode frame = raw.next(WAIT);
                if (frame.has("seq")) {
                    seqs.add(frame.get("seq").asLong());
                }
                switch (frame.get("type").asString()) {
                    case "token_expiring" -> raw.sendCommand("auth_refresh", "{\"token\":\"" + later + "\"}");
                    case "auth_refreshed" -> refreshed = frame;
                    case "execution_output" -> output.append(frame.get("data").get("output").asString());
                    case "execution_complete" -> complete = frame;
                    case "disconnect", "error", "execution_error" -> throw new AssertionError("Unexpected " + frame);
                    default -> {
                    }
                }
            }
            assertThat(refreshed).as("auth_refreshed").isNotNull();
            assertThat(refreshed.has("seq")).isFalse();
            assertThat(refreshed.get("data").get("role").asString()).isEqualTo("editor");
            assertThat(Instant.parse(refreshed.get("data").get("expires_at").asString())).isAfter(oldExpiry);
            assertThat(Instant.now()).isAfter(oldExpiry);
            assertThat(output.toString()).isEqualTo(IntStream.range(0, LINES).mapToObj(i -> i + "\n").collect(Collectors.joining()));
            assertThat(complete.get("data").get("result").get("status").asString()).isEqualTo("ok");
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("seq after %s", seqs.get(i - 1)).isEqualTo(seqs.get(i - 1) + 1);
            }
            raw.send("{\"type\":\"ping\"}");
            assertThat(raw.nextOfType("pong")).isNotNull();
            assertThat(raw.closed()).isNotDone();
        }
    }

    /** From a refresh to a viewer's token on, the connection may not run code. */
    @Test
    void rawRefreshToAViewerTokenTakesTheRightToRunCode() {
        try (RawClient raw = RawClient.connect(this.port, "tr-role?access_token=" + Tokens.token("cat", "editor", "tr-role"))) {
            raw.sendCommand("auth_refresh", "{\"token\":\"" + Tokens.token("cat", "viewer", "tr-role") + "\"}");
            assertThat(raw.nextOfType("auth_refreshed").get("data").get("role").asString()).isEqualTo("viewer");
            raw.sendCommand("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\"}");
            JsonNode refused = raw.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(refused.get("data").get("detail").asString()).contains("viewer");
            raw.sendCommand("save_file", "{\"file_name\":\"x.py\",\"content\":\"1\"}");
            assertThat(raw.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
        }
    }

    /** Another user's token is refused with 403; the old token stays in force, and the connection closes at its expiry. */
    @Test
    void rawRefreshToAnotherUserLeavesTheOldTokenInForce() {
        Instant expiresAt = expiry(LIFE);
        try (RawClient raw = RawClient.connect(this.port, "tr-other?access_token=" + token("dan", "editor", expiresAt, "tr-other"))) {
            raw.sendCommand("auth_refresh", "{\"token\":\"" + Tokens.token("mallory", "admin", "*") + "\"}");
            JsonNode refused = raw.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(refused.has("seq")).isFalse();
            // the old token is still in force: commands go through
            raw.sendCommand("presence", "{}");
            assertThat(raw.nextOfType("presence")).isNotNull();
            JsonNode disconnect = raw.nextOfType("disconnect");
            assertThat(disconnect.get("data").get("reason").asString()).isEqualTo("token_expired");
            assertThat(Instant.now()).isAfterOrEqualTo(expiresAt.minusMillis(100));
            assertThat(raw.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isEqualTo(1008);
        }
    }

    /** A badly signed token, one that is no token at all, an expired one, or one with no data: 401 or 400, nothing changes. */
    @Test
    void rawInvalidTokensAreRefusedWith401LeavingTheConnectionAsItWas() {
        String badSignature = Tokens.sign("another-secret-of-at-least-thirty-two-bytes", "eve", "admin", List.of("*"),
                expiry(Duration.ofHours(1)));
        String expired = Tokens.token("eve", "admin", List.of("*"), Instant.now().minusSeconds(60));
        try (RawClient raw = RawClient.connect(this.port, "tr-bad?access_token=" + Tokens.token("eve", "viewer", "tr-bad"))) {
            for (String token : new String[] { badSignature, "garbage", expired, "a.b.c" }) {
                raw.sendCommand("auth_refresh", "{\"token\":\"" + token + "\"}");
                JsonNode refused = raw.nextOfType("error");
                assertThat(refused.get("data").get("code").asInt()).as(token).isEqualTo(401);
                assertThat(refused.get("data").get("detail").asString()).doesNotContain(token).doesNotContain("Exception");
            }
            raw.sendCommand("auth_refresh", "{}");
            assertThat(raw.nextOfType("error").get("data").get("code").asInt()).isEqualTo(400);
            raw.send("{\"type\":\"auth_refresh\",\"data\":{\"token\":42}}");
            assertThat(raw.nextOfType("error").get("data").get("code").asInt()).isIn(400, 401);
            // still the viewer: the badly signed admin token gave nothing
            raw.sendCommand("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\"}");
            assertThat(raw.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            assertThat(raw.closed()).isNotDone();
        }
    }

    /** A raw connection whose new token does not grant its session leaves it and is closed with 1008. */
    @Test
    void rawRefreshWithoutItsSessionClosesTheConnection() throws Exception {
        try (RawClient raw = RawClient.connect(this.port, "tr-lose?access_token=" + Tokens.token("fay", "editor", "tr-lose"))) {
            assertThat(connections("tr-lose")).isEqualTo(1);
            raw.sendCommand("auth_refresh", "{\"token\":\"" + Tokens.token("fay", "editor", "tr-elsewhere") + "\"}");
            assertThat(raw.nextOfType("auth_refreshed")).isNotNull();
            JsonNode left = raw.nextOfType("error");
            assertThat(left.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(left.get("session_id").asString()).isEqualTo("tr-lose");
            assertThat(raw.nextOfType("disconnect").get("data").get("reason").asString()).isEqualTo("session_not_granted");
            assertThat(raw.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isEqualTo(1008);
        }
        await().atMost(WAIT).until(() -> connections("tr-lose") == 0);
    }

    /** auth_refresh frames count against the connection's rate limit like any command. */
    @Test
    void aFloodOfRefreshesIsRateLimited() {
        try (RawClient raw = RawClient.connect(this.port, "tr-flood?access_token=" + Tokens.token("gus", "editor", "tr-flood"))) {
            String frame = "{\"type\":\"auth_refresh\",\"data\":{\"token\":\"" + Tokens.token("gus", "editor", "tr-flood") + "\"}}";
            for (int i = 0; i < 100; i++) {
                raw.send(frame);
            }
            JsonNode limited = raw.nextMatching(f -> "error".equals(f.path("type").asString())
                    && f.path("data").path("code").asInt() == 429, WAIT);
            assertThat(limited.get("data").get("retry_after_ms").asLong()).isPositive();
        }
    }

    // ---- STOMP

    /**
     * The token came on CONNECT (Spring keeps that principal for the connection): the warning
     * arrives on the replies queue, a refresh there keeps the subscription, and messages of the
     * session still arrive after the old token's expiry.
     */
    @Test
    void stompRefreshOnTheWarningKeepsTheSubscriptionPastTheOldExpiry() throws Exception {
        Instant oldExpiry = expiry(LIFE);
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(),
                bearer(token("hal", "editor", oldExpiry, "tr-stomp")));
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            StompClient.Subscription topic = stomp.subscribe("/topic/session/tr-stomp");
            JsonNode warning = replies.nextOfType("token_expiring");
            assertThat(Instant.parse(warning.get("data").get("expires_at").asString())).isEqualTo(oldExpiry);
            stomp.send("/app/session/tr-stomp", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
                    + Tokens.token("hal", "editor", "tr-stomp") + "\"}}");
            JsonNode refreshed = replies.nextOfType("auth_refreshed");
            assertThat(refreshed.get("data").get("role").asString()).isEqualTo("editor");
            await().atMost(WAIT).until(() -> Instant.now().isAfter(oldExpiry.plusSeconds(1)));
            assertThat(putFile("tr-stomp", "after.py").statusCode()).isBetween(200, 201);
            assertThat(topic.nextOfType("file_saved").get("data").get("file_name").asString()).isEqualTo("after.py");
            stomp.send("/app/session/tr-stomp", "{\"type\":\"ping\"}");
            assertThat(replies.nextOfType("pong")).isNotNull();
            assertThat(stomp.failure()).isNotDone();
        }
        finally {
            stomp.close();
        }
    }

    /** The authorization of later frames reads the new token: a refreshed-to-viewer STOMP connection cannot run code. */
    @Test
    void stompRefreshToAViewerTokenTakesTheRightToRunCode() {
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(),
                bearer(Tokens.token("ivy", "editor", "tr-stomp-role")));
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.subscribe("/topic/session/tr-stomp-role");
            stomp.send("/app/session/tr-stomp-role", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
                    + Tokens.token("ivy", "viewer", "tr-stomp-role") + "\"}}");
            assertThat(replies.nextOfType("auth_refreshed").get("data").get("role").asString()).isEqualTo("viewer");
            stomp.send("/app/session/tr-stomp-role", "{\"type\":\"execute_code\",\"data\":{\"code\":\"print(1)\",\"language\":\"python\"}}");
            JsonNode refused = replies.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(refused.get("data").get("detail").asString()).contains("viewer");
        }
        finally {
            stomp.close();
        }
    }

    /**
     * A new token with fewer sessions: the connection is unsubscribed from the one it lost (told
     * with an error 403 naming it), keeps the other, and may not subscribe to the lost one again.
     */
    @Test
    void stompRefreshWithFewerSessionsLeavesTheSessionNoLongerGranted() throws Exception {
        // the token at the upgrade this time, as a browser sends it
        StompClient stomp = StompClient.connect(this.port, "?access_token=" + Tokens.token("jo", "editor", "tr-keep", "tr-drop"),
                new WebSocketHttpHeaders(), new StompHeaders());
        try (RawClient observer = RawClient.connectWithPresence(this.port, "tr-drop?access_token=" + ADMIN)) {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            StompClient.Subscription kept = stomp.subscribe("/topic/session/tr-keep");
            StompClient.Subscription dropped = stomp.subscribe("/topic/session/tr-drop");
            // the observer's own join comes first
            assertThat(observer.nextMatching(frame -> "presence_join".equals(frame.path("type").asString())
                    && "jo".equals(frame.path("data").path("user").asString()), WAIT)).isNotNull();
            assertThat(connections("tr-drop")).isEqualTo(2);
            stomp.send("/app/session/tr-keep", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
                    + Tokens.token("jo", "editor", "tr-keep") + "\"}}");
            assertThat(replies.nextOfType("auth_refreshed")).isNotNull();
            JsonNode left = replies.nextOfType("error");
            assertThat(left.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(left.get("session_id").asString()).isEqualTo("tr-drop");
            JsonNode leave = observer.nextOfType("presence_leave");
            assertThat(leave.get("data").get("user").asString()).isEqualTo("jo");
            assertThat(leave.get("data").get("reason").asString()).isEqualTo("unsubscribed");
            assertThat(connections("tr-drop")).isEqualTo(1);
            assertThat(connections("tr-keep")).isEqualTo(1);
            assertThat(putFile("tr-drop", "gone.py").statusCode()).isBetween(200, 201);
            assertThat(putFile("tr-keep", "here.py").statusCode()).isBetween(200, 201);
            assertThat(kept.nextOfType("file_saved").get("data").get("file_name").asString()).isEqualTo("here.py");
            assertThat(dropped.poll(Duration.ofSeconds(1))).isNull();
            assertThat(stomp.failure()).isNotDone();
            stomp.subscribeNoWait("/topic/session/tr-drop");
            assertThat(stomp.failure().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().getMessage()).contains("Forbidden");
        }
        finally {
            stomp.close();
        }
    }

    /** On STOMP too: another user's token is 403, a bad one 401, and the connection keeps its token. */
    @Test
    void stompRefreshRefusesEveryTokenItMayNotTake() {
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(),
                bearer(Tokens.token("kim", "viewer", "tr-stomp-bad")));
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.send("/app/session/tr-stomp-bad", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
                    + Tokens.token("lee", "admin", "*") + "\"}}");
            assertThat(replies.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            stomp.send("/app/session/tr-stomp-bad", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\"garbage\"}}");
            assertThat(replies.nextOfType("error").get("data").get("code").asInt()).isEqualTo(401);
            // a session the current token does not reach is no place to send it either
            stomp.send("/app/session/tr-elsewhere", "{\"type\":\"auth_refresh\",\"data\":{\"token\":\""
                    + Tokens.token("kim", "admin", "*") + "\"}}");
            assertThat(replies.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            stomp.send("/app/session/tr-stomp-bad", "{\"type\":\"save_file\",\"data\":{\"file_name\":\"x.py\",\"content\":\"1\"}}");
            assertThat(replies.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            assertThat(stomp.failure()).isNotDone();
        }
        finally {
            stomp.close();
        }
    }

    // ---- helpers

    /** An expiry {@code life} from now, to the second, as a token's {@code exp} holds it. */
    private static Instant expiry(Duration life) {
        return Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String token(String sub, String role, Instant expiresAt, String... sessions) {
        return Tokens.token(sub, role, List.of(sessions), expiresAt);
    }

    private static StompHeaders bearer(String token) {
        StompHeaders headers = new StompHeaders();
        headers.add("Authorization", "Bearer " + token);
        return headers;
    }

    private int connections(String sessionId) throws Exception {
        HttpResponse<String> response = Http.send(request("/ws/sessions/" + sessionId + "/connections").GET().build());
        return JSON.readTree(response.body()).get("connection_count").asInt();
    }

    private HttpResponse<String> putFile(String sessionId, String name) throws Exception {
        return Http.send(request("/api/v1/sessions/" + sessionId + "/files/" + name).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("print(1)\n")).build());
    }

    private HttpRequest.Builder request(String path) {
        return Http.on(this.port).withTimeout(WAIT).request(path).header("Authorization", "Bearer " + ADMIN);
    }
}
