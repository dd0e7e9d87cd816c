package io.ghostide.realtime.clients;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ghostide.realtime.clients.NodeTestRunner.runNodeTests;

/**
 * The JavaScript client library ({@code clients/js}) against this server: its Node tests
 * ({@code node --test clients/js/test/}) run real runs in the real sandbox, on both transports,
 * through a proxy they cut, with the server's address in {@code GHOSTIDE_URL}. The limits on
 * runs are raised: the Node tests run many programs from one address. The file size limit is
 * lowered below the frame size, so that a save it refuses can be sent over a socket; the Node
 * tests read it from {@code GHOSTIDE_MAX_FILE_BYTES}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-runs-per-session=8", "ghostide.execution.max-runs-per-user=8",
        "ghostide.rate-limit.execute-code-per-second=1000", "ghostide.rate-limit.execute-code-burst=1000",
        "ghostide.workspace.max-file-size=" + JsClientLibraryTests.MAX_FILE_BYTES + "B" })
class JsClientLibraryTests {

    static final int MAX_FILE_BYTES = 16 * 1024;

    @LocalServerPort
    int port;

    /** Every Node test of the library passes against this server. */
    @Test
    void theLibrarysNodeTestsPassAgainstTheServer() throws IOException, InterruptedException {
        runNodeTests("test/", Map.of("GHOSTIDE_URL", Http.on(this.port).url(""),
                "GHOSTIDE_MAX_FILE_BYTES", String.valueOf(MAX_FILE_BYTES)));
    }
}
