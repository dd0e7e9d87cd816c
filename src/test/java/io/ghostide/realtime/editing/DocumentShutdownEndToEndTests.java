package io.ghostide.realtime.editing;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerProcess;
import org.junit.jupiter.api.Test;

import static io.ghostide.realtime.editing.EditingClients.open;
import static io.ghostide.realtime.editing.EditingClients.push;
import static org.assertj.core.api.Assertions.assertThat;

/** A clean shutdown stores every edit a document took, however long the persist delay. */
class DocumentShutdownEndToEndTests {

    @Test
    void aCleanShutdownStoresEveryEditTaken() throws Exception {
        try (ServerProcess server = ServerProcess.local("256m", "ghostide.docs.persist-delay=10m")) {
            Path stored = server.dataDir().resolve("sessions/doc-stop/files/kept.py");
            try (RawClient editor = RawClient.connect(server.port(), "doc-stop")) {
                editor.send(open("kept.py"));
                editor.nextOfType("doc_state");
                editor.send(push("kept.py", 0, "[[0,\"acknowledged\"]]", "e"));
                editor.nextOfType("doc_update");
                editor.send(push("kept.py", 1, "[12,[0,\" too\"]]", "e"));
                editor.nextOfType("doc_update");
            }
            // ten minutes of delay: nothing is stored yet
            assertThat(stored).doesNotExist();
            server.stop();
            assertThat(Files.readString(stored)).as(server.log()).isEqualTo("acknowledged too");
        }
    }
}
