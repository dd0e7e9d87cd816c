package io.ghostide.realtime.security;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.JwtServerTest;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every refusal of {@code jwt} mode on every surface, with real clients and real tokens. */
@JwtServerTest
class JwtAccessEndToEndTests {

    private static final String EDITOR = Tokens.token("alice", "editor", "jwt-a", "team-*");

    private static final String VIEWER = Tokens.token("victor", "viewer", "jwt-a");

    private static final String ADMIN = Tokens.token("root", "admin", "*");

    private static final String BAD_SIGNATURE = Tokens.sign("another-secret-of-at-least-thirty-two-bytes", "mallory",
            "admin", List.of("*"), Instant.now().plusSeconds(3600));

    private static final String EXPIRED = Tokens.token("alice", "editor", List.of("*"), Instant.now().minusSeconds(600));

    private static final String RUN_BODY = "{\"session_id\":\"%s\",\"language\":\"python\",\"code\":\"print(1)\"}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    // ---- REST

    @Test
    void restRefusesEveryMissingOrInvalidTokenWith401ProblemDetails() throws Exception {
        for (String token : new String[] { null, BAD_SIGNATURE, EXPIRED, "not-a-jwt" }) {
            HttpResponse<String> files = get("/api/v1/sessions/jwt-a/files", token);
            assertThat(files.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(files.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(files.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(JSON.readTree(files.body()).get("status").asInt()).isEqualTo(401);
            assertThat(post("/api/v1/execution/execute/websocket", token, RUN_BODY.formatted("jwt-a")).statusCode())
                    .isEqualTo(401);
            assertThat(get("/ws/status", token).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void restRefusesASessionOutsideTheTokenWith403() throws Exception {
        HttpResponse<String> read = get("/api/v1/sessions/jwt-other/files", EDITOR);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(read.body()).get("status").asInt()).isEqualTo(403);
        assertThat(post("/api/v1/execution/execute/websocket", EDITOR, RUN_BODY.formatted("jwt-other")).statusCode())
                .isEqualTo(403);
        assertThat(get("/ws/sessions/jwt-other/connections", EDITOR).statusCode()).isEqualTo(403);
        // a prefix pattern covers its sessions
        assertThat(get("/api/v1/sessions/team-blue/files", EDITOR).statusCode()).isEqualTo(200);
        assertThat(get("/ws/sessions/team-blue/presence", EDITOR).statusCode()).isEqualTo(200);
    }

    @Test
    void viewerMayReadButNotRunWriteOrChatOverRest() throws Exception {
        assertThat(get("/api/v1/sessions/jwt-a/files", VIEWER).statusCode()).isEqualTo(200);
        assertThat(get("/ws/sessions/jwt-a/connections", VIEWER).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/execution/execute/websocket", VIEWER, RUN_BODY.formatted("jwt-a")).statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/api/v1/sessions/jwt-a/files/a.py", VIEWER, "print(1)", "text/plain").statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/sessions/jwt-a/files/a.py", VIEWER, null, null).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/ghost/chat/jwt-a", VIEWER, "{\"message\":\"hi\"}").statusCode()).isEqualTo(403);
        // an editor may write
        assertThat(send("PUT", "/api/v1/sessions/jwt-a/files/a.py", EDITOR, "print(1)", "text/plain").statusCode())
                .isBetween(200, 201);
    }

    @Test
    void onlyAnAdminReadsTheServerStatus() throws Exception {
        HttpResponse<String> editor = get("/ws/status", EDITOR);
        assertThat(editor.statusCode()).isEqualTo(403);
        assertThat(editor.body()).doesNotContain("active_sessions");
        HttpResponse<String> admin = get("/ws/status", ADMIN);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body()).has("active_sessions")).isTrue();
        assertThat(get("/actuator/metrics", EDITOR).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics", ADMIN).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    /**
     * The stats are refused to a non-admin however the path or the upgrade headers are spelled,
     * even with a token whose sessions pattern covers a session called "status".
     */
    @Test
    void noSpellingOfTheStatusPathGivesTheStatsToANonAdmin() throws Exception {
        String editorOfAll = "Bearer " + Tokens.token("eve", "editor", "*");
        String[] paths = { "/ws/status", "/ws/%73tatus", "/ws/%73%74%61%74%75%73", "/ws/status/", "//ws/status",
            "/ws//status", "/ws/./status", "/ws/x/../status", "/ws/%2e/status", "/ws/status;x=1", "/ws/status?x=1",
            "/ws/STATUS", "/./ws/status" };
        for (String path : paths) {
            HttpProbe.Response plain = HttpProbe.request(this.port, "GET", path, null, "Authorization", editorOfAll);
            assertThat(plain.status()).as(path).isNotEqualTo(200).isBetween(400, 499);
            assertThat(plain.body()).as(path).doesNotContain("active_sessions");
        }
        // half an upgrade, in every case of the header's name and value: not the stats, and not a 5xx
        String[][] upgrades = { { "Upgrade", "websocket" }, { "Upgrade", "WebSocket" }, { "Upgrade", "WEBSOCKET" },
            { "upgrade", "websocket" }, { "UPGRADE", "WebSocket" }, { "Upgrade", "h2c" }, { "Upgrade", "websocket, h2c" } };
        for (String path : new String[] { "/ws/status", "/ws/%73tatus" }) {
            for (String[] upgrade : upgrades) {
                HttpProbe.Response response = HttpProbe.request(this.port, "GET", path, null, "Authorization", editorOfAll,
                        upgrade[0], upgrade[1], "Connection", "Upgrade");
                assertThat(response.status()).as("%s %s: %s", path, upgrade[0], upgrade[1]).isBetween(400, 499);
                assertThat(response.body()).as("%s %s: %s", path, upgrade[0], upgrade[1]).doesNotContain("active_sessions");
            }
        }
        // a whole upgrade of the same path is the raw endpoint of the session "status", which this token covers
        assertThat(HttpProbe.request(this.port, "GET", "/ws/status", null, "Authorization", editorOfAll, "Upgrade",
                "WEBSOCKET", "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version", "13").status()).isEqualTo(101);
        // and the admin still reads the stats, under any spelling of the path that decodes to it
        assertThat(HttpProbe.request(this.port, "GET", "/ws/%73tatus", null, "Authorization", "Bearer " + ADMIN).status())
                .isEqualTo(200);
    }

    @Test
    void thePageIsPublic() throws Exception {
        assertThat(get("/", null).statusCode()).isEqualTo(200);
        assertThat(get("/index.html", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theDevelopmentEndpointMintsAWorkingToken() throws Exception {
        HttpResponse<String> minted = post("/dev/token", null, "{\"sub\":\"dev\",\"role\":\"viewer\",\"sessions\":[\"jwt-a\"]}");
        assertThat(minted.statusCode()).isEqualTo(200);
        String token = JSON.readTree(minted.body()).get("token").asString();
        assertThat(get("/api/v1/sessions/jwt-a/files", token).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/execution/execute/websocket", token, RUN_BODY.formatted("jwt-a")).statusCode())
                .isEqualTo(403);
    }

    // ---- raw WebSocket

    @Test
    void rawUpgradeRefusesEveryMissingOrInvalidTokenWith401() throws IOException {
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-a").status()).isEqualTo(401);
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-a?access_token=" + BAD_SIGNATURE).status()).isEqualTo(401);
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-a", "Authorization", "Bearer " + EXPIRED).status())
                .isEqualTo(401);
    }

    @Test
    void rawUpgradeRefusesASessionOutsideTheTokenWith403() throws IOException {
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-other?access_token=" + EDITOR).status()).isEqualTo(403);
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-a?access_token=" + EDITOR).status()).isEqualTo(101);
        assertThat(HttpProbe.upgrade(this.port, "/ws/jwt-a", "Authorization", "Bearer " + EDITOR).status())
                .isEqualTo(101);
    }

    @Test
    void aViewerOnRawGetsError403ForCommandsWithoutBeingDisconnected() throws Exception {
        try (RawClient viewer = RawClient.connect(this.port, "jwt-a?access_token=" + VIEWER)) {
            viewer.sendCommand("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\"}");
            JsonNode refused = viewer.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(refused.has("seq")).isFalse();
            viewer.sendCommand("save_file", "{\"file_name\":\"x.py\",\"content\":\"1\"}");
            assertThat(viewer.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            viewer.sendCommand("ghost_chat", "{\"message\":\"hi\"}");
            assertThat(viewer.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            // nor stop or type into a run, whoever's it is
            viewer.sendCommand("execution_stop", "{\"execution_id\":\"any\"}");
            assertThat(viewer.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            viewer.sendCommand("execution_input", "{\"execution_id\":\"any\",\"data\":\"x\"}");
            assertThat(viewer.nextOfType("error").get("data").get("code").asInt()).isEqualTo(403);
            assertThat(post("/api/v1/executions/any/stop", VIEWER, "").statusCode()).isEqualTo(403);
            viewer.send("{\"type\":\"ping\"}");
            assertThat(viewer.nextOfType("pong")).isNotNull();
            assertThat(viewer.closed()).isNotDone();
        }
    }

    /**
     * A stop over REST of a run that ended in a session the token does not cover is answered as
     * one of an unknown run (404), not 409, which would tell that the run exists; the session's
     * own editor still hears 409.
     */
    @Test
    void aStopOfAnEndedRunOutsideTheTokenIsAnsweredAsAnUnknownRun() throws Exception {
        assertThat(post("/api/v1/execution/execute/websocket", ADMIN, RUN_BODY.formatted("jwt-hidden")).statusCode())
                .isEqualTo(200);
        String id = JSON.readTree(get("/api/v1/sessions/jwt-hidden/executions", ADMIN).body())
                .path("executions").get(0).path("execution_id").asString();
        HttpResponse<String> hidden = post("/api/v1/executions/" + id + "/stop", EDITOR, "");
        HttpResponse<String> unknown = post("/api/v1/executions/" + id + "x/stop", EDITOR, "");
        assertThat(hidden.statusCode()).as(hidden.body()).isEqualTo(404);
        assertThat(JSON.readTree(hidden.body()).path("title").asString())
                .isEqualTo(JSON.readTree(unknown.body()).path("title").asString()).isEqualTo("No such run");
        assertThat(hidden.body()).doesNotContain("ended").doesNotContain("Exception");
        HttpResponse<String> own = post("/api/v1/executions/" + id + "/stop", ADMIN, "");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(409);
    }

    @Test
    void anEditorOnRawRunsCode() {
        try (RawClient editor = RawClient.connect(this.port, "jwt-a?access_token=" + EDITOR)) {
            editor.sendCommand("execute_code", "{\"code\":\"print(6*7)\",\"language\":\"python\"}");
            JsonNode done = editor.nextMatching(frame -> "execution_complete".equals(frame.path("type").asString())
                    || "execution_error".equals(frame.path("type").asString()), Duration.ofSeconds(30));
            assertThat(done.get("type").asString()).isIn("execution_complete", "execution_error");
        }
    }

    // ---- STOMP

    @Test
    void stompConnectRefusesEveryMissingOrInvalidToken() {
        assertThat(StompClient.refusal(this.port, "", new WebSocketHttpHeaders(), new StompHeaders()))
                .contains("token is required");
        assertThat(StompClient.refusal(this.port, "", new WebSocketHttpHeaders(), bearer(BAD_SIGNATURE)))
                .contains("Invalid token");
        assertThat(StompClient.refusal(this.port, "", new WebSocketHttpHeaders(), bearer(EXPIRED)))
                .contains("Invalid token");
    }

    @Test
    void stompUpgradeWithABadTokenIsRefusedWith401() throws IOException {
        assertThat(HttpProbe.upgrade(this.port, "/stomp?access_token=" + BAD_SIGNATURE).status()).isEqualTo(401);
        assertThat(HttpProbe.upgrade(this.port, "/stomp", "Authorization", "Bearer " + EXPIRED).status()).isEqualTo(401);
    }

    @Test
    void stompSubscribeOutsideTheTokensSessionsGetsError() {
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(EDITOR));
        try {
            stomp.subscribeNoWait("/topic/session/jwt-other");
            Throwable error = stomp.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(error.getMessage()).contains("Forbidden");
        }
        finally {
            stomp.close();
        }
    }

    @Test
    void aViewerOnStompGetsError403ForCommandsWithoutBeingDisconnected() {
        // the token at the upgrade, as a browser sends it
        StompClient stomp = StompClient.connect(this.port, "?access_token=" + VIEWER, new WebSocketHttpHeaders(),
                new StompHeaders());
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.subscribe("/topic/session/jwt-a");
            stomp.send("/app/session/jwt-a", "{\"type\":\"execute_code\",\"data\":{\"code\":\"print(1)\",\"language\":\"python\"}}");
            JsonNode refused = replies.next();
            assertThat(refused.get("type").asString()).isEqualTo("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            stomp.send("/app/session/jwt-a", "{\"type\":\"save_file\",\"data\":{\"file_name\":\"x.py\",\"content\":\"1\"}}");
            assertThat(replies.next().get("data").get("code").asInt()).isEqualTo(403);
            stomp.send("/app/session/jwt-a", "{\"type\":\"ping\"}");
            assertThat(replies.next().get("type").asString()).isEqualTo("pong");
            assertThat(stomp.failure()).isNotDone();
        }
        finally {
            stomp.close();
        }
    }

    // ---- expiry

    @Test
    void aRawConnectionIsClosedWhenItsTokenExpires() {
        double closedBefore = closedForExpiry();
        String shortLived = Tokens.token("brief", "editor", List.of("jwt-a"), Instant.now().plusSeconds(3));
        try (RawClient raw = RawClient.connect(this.port, "jwt-a?access_token=" + shortLived)) {
            // the token has less life left than the default warning: it comes as soon as replies can
            assertThat(raw.nextOfType("token_expiring").get("data").has("expires_at")).isTrue();
            JsonNode disconnect = raw.nextMatching(frame -> "disconnect".equals(frame.path("type").asString()),
                    Duration.ofSeconds(15));
            assertThat(disconnect.get("data").get("code").asInt()).isEqualTo(1008);
            assertThat(disconnect.get("data").get("reason").asString()).isEqualTo("token_expired");
            assertThat(raw.closed().orTimeout(10, TimeUnit.SECONDS).join().code()).isEqualTo(1008);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> closedForExpiry() >= closedBefore + 1);
    }

    private double closedForExpiry() {
        return this.meters.get("ghostide.connections.closed").tag("reason", CloseReason.TOKEN_EXPIRED.tag()).counter().count();
    }

    @Test
    void aStompConnectionIsClosedWhenItsTokenExpires() {
        double closedBefore = closedForExpiry();
        // long enough for a CONNECT on a busy machine, where 3 s were seen to run out before it was read
        String shortLived = Tokens.token("brief", "editor", List.of("jwt-a"), Instant.now().plusSeconds(8));
        StompClient stomp = StompClient.connect(this.port, "", new WebSocketHttpHeaders(), bearer(shortLived));
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            // the token has less life left than the default warning: it comes first, once replies can be heard
            assertThat(replies.next().get("type").asString()).isEqualTo("token_expiring");
            JsonNode disconnect = replies.nextOfType("disconnect");
            assertThat(disconnect.get("data").get("reason").asString()).isEqualTo("token_expired");
            assertThat(stomp.failure().orTimeout(10, TimeUnit.SECONDS).join()).isNotNull();
        }
        finally {
            stomp.close();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> closedForExpiry() >= closedBefore + 1);
    }

    // ---- helpers

    private static StompHeaders bearer(String token) {
        StompHeaders headers = new StompHeaders();
        headers.add("Authorization", "Bearer " + token);
        return headers;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null, null);
    }

    private HttpResponse<String> post(String path, String token, String json) throws Exception {
        return send("POST", path, token, json, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = Http.on(this.port).withTimeout(Duration.ofSeconds(30)).request(path)
                .method(method, body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(request.build());
    }
}
