package io.ghostide.realtime.workspace;

import java.net.http.HttpResponse;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What sessions may store, with small limits: bytes per session (413), bytes in all and
 * sessions holding files (507), each a problem detail naming its property, and nothing already
 * stored is lost; deleting frees the room again. The order of the tests does not matter: each
 * puts the store back as it found it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.workspace.max-bytes-per-session=2KB", "ghostide.workspace.max-total-bytes=5KB",
        "ghostide.workspace.max-sessions=3", "ghostide.ghost.reactions.on-save=false" })
class SessionFileQuotasEndToEndTests {

    @LocalServerPort
    int port;

    @Test
    void aSessionPastItsBytesGets413WithoutLosingWhatItHas() throws Exception {
        assertThat(put("quota-a", "one.txt", "a".repeat(1500)).statusCode()).isEqualTo(201);
        HttpResponse<String> refused = put("quota-a", "two.txt", "b".repeat(1000));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(refused.body()).path("detail").asString()).contains("max-bytes-per-session");
        // growing the file it has past the limit is refused too; a smaller replacement is fine
        assertThat(put("quota-a", "one.txt", "a".repeat(2100)).statusCode()).isEqualTo(413);
        assertThat(get("quota-a", "one.txt").body()).contains("a".repeat(1500));
        assertThat(put("quota-a", "one.txt", "c".repeat(500)).statusCode()).isEqualTo(200);
        assertThat(put("quota-a", "two.txt", "b".repeat(1000)).statusCode()).isEqualTo(201);
        delete("quota-a", "one.txt");
        delete("quota-a", "two.txt");
    }

    @Test
    void theStoreWideLimitsRefuseWith507() throws Exception {
        assertThat(put("quota-1", "f.txt", "1".repeat(2000)).statusCode()).isEqualTo(201);
        assertThat(put("quota-2", "f.txt", "2".repeat(2000)).statusCode()).isEqualTo(201);
        // 4000 of 5120 bytes used: a third session fits 1000, not 2000
        HttpResponse<String> full = put("quota-3", "f.txt", "3".repeat(2000));
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(full.body()).path("detail").asString()).contains("max-total-bytes");
        assertThat(put("quota-3", "f.txt", "3".repeat(100)).statusCode()).isEqualTo(201);
        // three sessions hold files: a fourth is refused, whatever its size
        HttpResponse<String> tooMany = put("quota-4", "f.txt", "4");
        assertThat(tooMany.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(tooMany.body()).path("detail").asString()).contains("max-sessions");

        // the same over the save_file command: error 507 to the sender
        try (RawClient client = RawClient.connect(this.port, "quota-4")) {
            client.sendCommand("save_file", "{\"file_name\":\"f.txt\",\"content\":\"4\"}");
            JsonNode error = client.nextOfType("error");
            assertThat(error.path("data").path("code").asInt()).isEqualTo(507);
        }
        // nothing stored was lost, and a delete makes room again
        assertThat(get("quota-1", "f.txt").body()).contains("1".repeat(2000));
        delete("quota-1", "f.txt");
        assertThat(put("quota-4", "f.txt", "4").statusCode()).isEqualTo(201);
        delete("quota-2", "f.txt");
        delete("quota-3", "f.txt");
        delete("quota-4", "f.txt");
    }

    private HttpResponse<String> put(String sessionId, String name, String content) {
        return Http.on(this.port).put(path(sessionId, name), "text/plain", content);
    }

    private HttpResponse<String> get(String sessionId, String name) {
        return Http.on(this.port).get(path(sessionId, name));
    }

    private void delete(String sessionId, String name) {
        assertThat(Http.on(this.port).delete(path(sessionId, name)).statusCode()).isEqualTo(204);
    }

    private static String path(String sessionId, String name) {
        return "/api/v1/sessions/" + sessionId + "/files/" + name;
    }
}
