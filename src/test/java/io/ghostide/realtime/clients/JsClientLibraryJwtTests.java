package io.ghostide.realtime.clients;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ghostide.realtime.clients.NodeTestRunner.runNodeTests;

/**
 * The JavaScript client library's tokens against this server in {@code jwt} mode: its Node tests
 * in {@code clients/js/test-jwt/} sign their own tokens with the secret given in
 * {@code GHOSTIDE_JWT_SECRET}, good ones, refused ones and a token function, on both transports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.security.mode=jwt", "ghostide.security.jwt.hmac-secret=" + JsClientLibraryJwtTests.SECRET,
        "ghostide.rate-limit.execute-code-per-second=1000", "ghostide.rate-limit.execute-code-burst=1000" })
class JsClientLibraryJwtTests {

    static final String SECRET = "js-client-tests-secret-of-at-least-32-bytes";

    @LocalServerPort
    int port;

    /** Every Node test of the library's tokens passes against this server. */
    @Test
    void theLibrarysTokenTestsPassAgainstTheServerInJwtMode() throws IOException, InterruptedException {
        runNodeTests("test-jwt/", Map.of("GHOSTIDE_URL", "http://127.0.0.1:" + this.port, "GHOSTIDE_JWT_SECRET", SECRET));
    }
}
