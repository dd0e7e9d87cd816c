package io.ghostide.realtime.workspace;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ghostide.realtime.execution.RunDirectoryContributor;
import io.ghostide.realtime.support.GhostFilesServerTest;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

@GhostFilesServerTest
class SessionFilesEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceProperties properties;

    @Autowired
    List<RunDirectoryContributor> contributors;

    @Test
    void aFileMakesTheRoundTripWithEverySaveAnnouncedInOrder() throws Exception {
        try (RawClient session = RawClient.connect(this.port, "files-round")) {
            HttpResponse<String> created = put("files-round", "main.py", "application/json",
                    "{\"content\":\"print('hi')\\n\",\"language\":\"python\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode body = JSON.readTree(created.body());
            String fileId = body.get("file_id").asString();
            assertThat(body.get("created").asBoolean()).isTrue();
            assertThat(body.get("size").asInt()).isEqualTo(12);

            JsonNode saved = session.next();
            assertThat(saved.get("type").asString()).isEqualTo("file_saved");
            assertThat(saved.get("data").get("file_id").asString()).isEqualTo(fileId);
            assertThat(saved.get("data").get("file_name").asString()).isEqualTo("main.py");
            assertThat(saved.get("data").get("language").asString()).isEqualTo("python");
            assertThat(saved.get("data").get("saved_at").asString()).endsWith("Z");
            JsonNode update = session.next();
            assertThat(update.get("type").asString()).isEqualTo("session_update");
            assertThat(update.get("data").get("update_type").asString()).isEqualTo("file_added");
            assertThat(update.get("data").get("details").get("file_name").asString()).isEqualTo("main.py");
            JsonNode hook = session.next();
            assertThat(hook.get("type").asString()).isEqualTo("hook_triggered");
            assertThat(hook.get("data").get("hook_type").asString()).isEqualTo("on_save");
            assertThat(hook.get("data").get("context").get("file_name").asString()).isEqualTo("main.py");
            assertThat(hook.get("seq").asLong()).isEqualTo(update.get("seq").asLong() + 1)
                    .isEqualTo(saved.get("seq").asLong() + 2);

            // no content type at all (curl -T) is plain text
            HttpResponse<String> overwritten = Http.send(http().request("/api/v1/sessions/files-round/files/main.py")
                    .PUT(HttpRequest.BodyPublishers.ofString("print('bye')\n")).build());
            assertThat(overwritten.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(overwritten.body()).get("file_id").asString()).isEqualTo(fileId);
            assertThat(JSON.readTree(overwritten.body()).get("created").asBoolean()).isFalse();
            JsonNode updated = session.nextOfType("session_update");
            assertThat(updated.get("data").get("update_type").asString()).isEqualTo("file_updated");

            HttpResponse<String> read = get("/api/v1/sessions/files-round/files/main.py");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(read.body()).get("content").asString()).isEqualTo("print('bye')\n");
            assertThat(JSON.readTree(read.body()).get("language").asString()).isEqualTo("python");

            put("files-round", "util.py", "text/plain; charset=utf-8", "def twice(x):\n    return 2 * x\n");
            JsonNode list = JSON.readTree(get("/api/v1/sessions/files-round/files").body());
            assertThat(list.get("count").asInt()).isEqualTo(2);
            assertThat(list.get("files").findValuesAsString("file_name")).containsExactly("main.py", "util.py");
            assertThat(list.get("files").get(0).has("content")).isFalse();

            HttpResponse<String> deleted = http().delete("/api/v1/sessions/files-round/files/main.py");
            assertThat(deleted.statusCode()).isEqualTo(204);
            JsonNode gone = session.nextMatching(frame -> "session_update".equals(frame.path("type").asString())
                    && "file_deleted".equals(frame.path("data").path("update_type").asString()), RawClient.TIMEOUT);
            assertThat(gone.get("data").get("details").get("file_id").asString()).isEqualTo(fileId);
            assertThat(get("/api/v1/sessions/files-round/files/main.py").statusCode()).isEqualTo(404);
            assertThat(http().delete("/api/v1/sessions/files-round/files/main.py").statusCode()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "..%5Cwin.ini", ".env", "a..b", "a%20b",
            "%2E%2E", "main.py%00" })
    void badNamesAreRefusedWith400BeforeAnythingIsWritten(String encodedName) throws Exception {
        try (RawClient session = RawClient.connect(this.port, "files-bad")) {
            HttpResponse<String> response = put("files-bad", encodedName, "text/plain", "boo");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(session.poll(Duration.ofMillis(200))).isNull();
        }
        assertNothingStoredFor("files-bad");
    }

    @Test
    void anOverlongNameIsRefusedWithAProblemDetail() throws Exception {
        HttpResponse<String> response = put("files-long", "a".repeat(this.properties.maxNameLength() + 1) + ".py",
                "text/plain", "x");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("at most 128");
        assertNothingStoredFor("files-long");
    }

    @Test
    void anOversizedFileIsRefusedWith413WithoutTouchingTheOldContent() throws Exception {
        assertThat(put("files-big", "big.txt", "text/plain", "small").statusCode()).isEqualTo(201);
        String tooBig = "x".repeat((int) this.properties.maxFileSize().toBytes() + 1);
        // sent whole before the answer is read, as most clients do: the client reads the 413, not a reset
        for (int i = 0; i < 5; i++) {
            String farTooBig = "x".repeat((int) this.properties.maxFileSize().toBytes() + 1024 * 1024);
            assertThat(put("files-big", "big.txt", "text/plain", farTooBig).statusCode()).isEqualTo(413);
            assertThat(put("bad.session", "a.txt", "text/plain", "y".repeat(512 * 1024)).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> raw = put("files-big", "big.txt", "text/plain", tooBig);
        assertThat(raw.statusCode()).isEqualTo(413);
        HttpResponse<String> json = put("files-big", "big.txt", "application/json",
                "{\"content\":\"" + tooBig + "\"}");
        assertThat(json.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(get("/api/v1/sessions/files-big/files/big.txt").body()).get("content").asString())
                .isEqualTo("small");
    }

    @Test
    void malformedRequestsAreRefused() throws Exception {
        assertThat(put("files-body", "a.py", "application/json", "{\"language\":\"python\"}").statusCode()).isEqualTo(400);
        assertThat(put("files-body", "a.py", "application/json", "not json").statusCode()).isEqualTo(400);
        assertThat(put("files-body", "a.py", "application/json", "{\"content\":\"x\",\"language\":\"py thon\"}")
                .statusCode()).isEqualTo(400);
        // curl -d / --data-binary without a content type sends a form, which would arrive empty
        HttpResponse<String> form = put("files-body", "a.py", "application/x-www-form-urlencoded", "print(1)");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(form.body()).get("detail").asString()).contains("text/plain");
        assertThat(put("bad%20session", "a.py", "text/plain", "x").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/sessions/bad%20session/files").statusCode()).isEqualTo(400);
        assertNothingStoredFor("files-body");
    }

    @Test
    void aSaveFileCommandUsingTheNameAliasSavesLikeAPut(@TempDir Path workDir) throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "files-cmd");
                RawClient neighbour = RawClient.connect(this.port, "files-cmd")) {
            sender.sendCommand("save_file", "{\"name\":\"util.py\",\"content\":\"def add(a, b):\\n    return a + b\\n\","
                    + "\"sessionId\":\"files-cmd\"}");
            for (RawClient client : List.of(sender, neighbour)) {
                assertThat(client.next().get("type").asString()).isEqualTo("file_saved");
                assertThat(client.next().get("data").get("update_type").asString()).isEqualTo("file_added");
                assertThat(client.next().get("data").get("hook_type").asString()).isEqualTo("on_save");
            }
            assertThat(JSON.readTree(get("/api/v1/sessions/files-cmd/files/util.py").body()).get("content").asString())
                    .isEqualTo("def add(a, b):\n    return a + b\n");

            // the run of this session gets the file in its working directory
            for (RunDirectoryContributor contributor : this.contributors) {
                contributor.contribute("files-cmd", workDir);
            }
            assertThat(Files.readString(workDir.resolve("util.py"))).isEqualTo("def add(a, b):\n    return a + b\n");
        }
    }

    @Test
    void aBadSaveFileCommandIsAnsweredToTheSenderAlone() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "files-cmd-bad");
                RawClient neighbour = RawClient.connect(this.port, "files-cmd-bad")) {
            sender.sendCommand("save_file", "{\"file_name\":\"../../etc/passwd\",\"content\":\"root::0:0\"}");
            JsonNode error = sender.next();
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(error.get("data").get("detail").asString()).contains("path separator");
            assertThat(error.has("seq")).isFalse();
            assertThat(neighbour.poll(Duration.ofMillis(200))).isNull();
        }
        assertNothingStoredFor("files-cmd-bad");
    }

    private void assertNothingStoredFor(String sessionId) {
        assertThat(Files.exists(this.properties.dataDir().resolve("sessions").resolve(sessionId))).isFalse();
        assertThat(JSON.readTree(get("/api/v1/sessions/" + sessionId + "/files").body()).get("count").asInt()).isZero();
    }

    private HttpResponse<String> put(String sessionId, String encodedName, String contentType, String body) {
        return http().put("/api/v1/sessions/" + sessionId + "/files/" + encodedName, contentType, body);
    }

    private HttpResponse<String> get(String path) {
        return http().get(path);
    }

    private Http http() {
        return Http.on(this.port);
    }
}
