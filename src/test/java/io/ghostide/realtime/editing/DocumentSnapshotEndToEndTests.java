package io.ghostide.realtime.editing;

import java.nio.charset.StandardCharsets;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.apply;
import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session_state} describes a shared document as it is at the state's {@code seq}, not as
 * the store last took it: with a persist delay far longer than the test, the store holds nothing
 * of the new file yet (in {@code redis} mode, its first text, announced at its size) while the
 * state tells the size and version of the edited text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.docs.persist-delay=10m", "ghostide.ghost.reactions.on-save=false" })
class DocumentSnapshotEndToEndTests {

    @LocalServerPort
    int port;

    /** A raw client's state after two pushes: the size is the edited text's bytes (UTF-8), the version 2. */
    @Test
    void theStateTellsTheDocumentsSizeBeforeItIsStored() {
        try (RawClient editor = RawClient.connect(this.port, "doc-state-raw")) {
            String text = edited(editor, "notes.txt");
            try (RawClient late = RawClient.connect(this.port, "doc-state-raw?state=true")) {
                JsonNode file = onlyFile(late.next());
                assertThat(file.path("version").asLong()).isEqualTo(2);
                assertThat(file.path("size").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    /** The same for a STOMP client that asks with {@code state:true}. */
    @Test
    void aStompClientsStateTellsTheDocumentsSizeToo() {
        try (RawClient editor = RawClient.connect(this.port, "doc-state-stomp")) {
            String text = edited(editor, "notes.txt");
            try (StompClient late = StompClient.connect(this.port)) {
                StompHeaders headers = new StompHeaders();
                headers.setDestination("/topic/session/doc-state-stomp");
                headers.set("state", "true");
                JsonNode file = onlyFile(late.subscribe(headers).next());
                assertThat(file.path("version").asLong()).isEqualTo(2);
                assertThat(file.path("size").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    // a new file pushed, then edited longer with multi-byte characters (in redis mode the file is stored at its first text)
    static String edited(RawClient editor, String fileName) {
        editor.send(open(fileName));
        editor.nextOfType("doc_state");
        editor.send(push(fileName, 0, "[[0,\"abc\"]]", "e"));
        String text = apply("", editor.nextOfType("doc_update"));
        editor.send(push(fileName, 1, "[3,[0,\" caf\\u00e9 \\u2603\"]]", "e"));
        text = apply(text, editor.nextOfType("doc_update"));
        assertThat(text).isEqualTo("abc caf\u00e9 \u2603");
        return text;
    }

    static JsonNode onlyFile(JsonNode state) {
        assertThat(state.path("type").asString()).isEqualTo("session_state");
        JsonNode files = state.path("data").path("files");
        assertThat(files).hasSize(1);
        return files.get(0);
    }
}
