package io.ghostide.realtime.clients;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ghostide.realtime.clients.NodeTestRunner.runNodeTests;

/**
 * The JavaScript client library's tokens against this server in {@code jwt} mode: its Node tests
 * in {@code clients/js/test-jwt/} sign their own tokens with the secret given in
 * {@code GHOSTIDE_JWT_SECRET}, good ones, refused ones and a token function, on both transports.
 * The refresh warning comes 2 s before a token expires, so that tokens of 8 s are refreshed
 * twice in a test; one run slot lets a test keep a run waiting for its start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.security.mode=jwt", "ghostide.security.jwt.hmac-secret=" + JsClientLibraryJwtTests.SECRET,
        "ghostide.security.jwt.refresh-warning=2s", "ghostide.execution.max-concurrent=1",
        "ghostide.rate-limit.execute-code-per-second=1000", "ghostide.rate-limit.execute-code-burst=1000" })
class JsClientLibraryJwtTests {

    static final String SECRET = "js-client-tests-secret-of-at-least-32-bytes";

    @LocalServerPort
    int port;

    /** Every Node test of the library's tokens passes against this server. */
    @Test
    void theLibrarysTokenTestsPassAgainstTheServerInJwtMode() throws IOException, InterruptedException {
        runNodeTests("test-jwt/", Map.of("GHOSTIDE_URL", Http.on(this.port).url(""), "GHOSTIDE_JWT_SECRET", SECRET));
    }
}
