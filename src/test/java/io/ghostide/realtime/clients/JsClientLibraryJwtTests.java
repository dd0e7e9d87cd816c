package io.ghostide.realtime.clients;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.JwtRefreshServerTest;
import io.ghostide.realtime.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ghostide.realtime.clients.NodeTestRunner.runNodeTests;

/**
 * The JavaScript client library's tokens against this server in {@code jwt} mode: its Node tests
 * in {@code clients/js/test-jwt/} sign their own tokens with the secret given in
 * {@code GHOSTIDE_JWT_SECRET}, good ones, refused ones and a token function, on both transports.
 * The refresh warning comes 2 s before a token expires, so that tokens of 4 s are refreshed
 * twice in a test; one run slot lets a test keep a run waiting for its start.
 */
@JwtRefreshServerTest
class JsClientLibraryJwtTests {

    @LocalServerPort
    int port;

    /** Every Node test of the library's tokens passes against this server. */
    @Test
    void theLibrarysTokenTestsPassAgainstTheServerInJwtMode() throws IOException, InterruptedException {
        runNodeTests("test-jwt/", Map.of("GHOSTIDE_URL", Http.on(this.port).url(""), "GHOSTIDE_JWT_SECRET", Tokens.SECRET));
    }
}
