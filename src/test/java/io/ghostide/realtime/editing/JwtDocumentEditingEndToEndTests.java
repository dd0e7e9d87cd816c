package io.ghostide.realtime.editing;

import io.ghostide.realtime.support.JwtServerTest;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may edit a shared document in {@code jwt} mode: a viewer reads and follows, an editor writes. */
@JwtServerTest
class JwtDocumentEditingEndToEndTests {

    private static final String EDITOR = Tokens.token("alice", "editor", "jwt-doc");

    private static final String VIEWER = Tokens.token("victor", "viewer", "jwt-doc");

    // this configuration stores files where the server runs: a name of its own each time, so no earlier run's file is met
    private static final String FILE = "v-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".py";

    @LocalServerPort
    int port;

    @Test
    void aViewerHasReadOnlyAccessToADocument() throws Exception {
        try (RawClient editor = RawClient.connect(this.port, "jwt-doc?access_token=" + EDITOR);
                RawClient viewer = RawClient.connect(this.port, "jwt-doc?access_token=" + VIEWER)) {
            viewer.send(open(FILE));
            assertThat(viewer.nextOfType("doc_state").get("data").get("version").asLong()).isZero();
            viewer.send(push(FILE, 0, "[[0,\"sneaky\"]]", "v"));
            JsonNode refused = viewer.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(403);
            assertThat(refused.get("data").get("detail").asString()).contains("doc_push", "viewer");
            // awareness is reading, not writing: a viewer's cursor is shown
            viewer.sendCommand("awareness", "{\"file_name\":\"" + FILE + "\",\"selection\":{\"anchor\":0,\"head\":0}}");
            assertThat(editor.nextOfType("awareness").get("data").get("user").asString()).isEqualTo("victor");

            editor.send(push(FILE, 0, "[[0,\"fine\"]]", "e"));
            JsonNode update = viewer.nextOfType("doc_update");
            assertThat(update.get("data").get("version").asLong()).isEqualTo(1);
            assertThat(update.get("data").get("user").asString()).isEqualTo("alice");
            viewer.send(open(FILE));
            assertThat(viewer.nextOfType("doc_state").get("data").get("text").asString()).isEqualTo("fine");
        }
    }
}
