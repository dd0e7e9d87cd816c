package io.ghostide.realtime.execution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.Tokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lock-out with sleeping runs: two slots and four queue places, as on a two-core machine.
 * One session may hold two of the six places, one client three; another client still gets its
 * run admitted and done. The clients are users of jwt mode: every loopback address is one
 * anonymous client, so only a token makes another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-concurrent=2", "ghostide.execution.queue-capacity=4",
        "ghostide.rate-limit.execute-code-burst=100", "ghostide.security.mode=jwt",
        "ghostide.security.jwt.hmac-secret=" + Tokens.SECRET })
class FairShareEndToEndTests {

    private static final Log logger = LogFactory.getLog(FairShareEndToEndTests.class);

    private static final String HOG = Tokens.token("hog", "editor", "*");

    private static final String NEIGHBOUR = Tokens.token("neighbour", "editor", "*");

    private static final String SLEEPER = "import time\\ntime.sleep(8)\\nprint('woke')";

    @LocalServerPort
    int port;

    private CompletableFuture<HttpResponse<String>> execute(String sessionId, String code, int timeout) {
        return execute(HOG, sessionId, code, timeout);
    }

    private CompletableFuture<HttpResponse<String>> execute(String token, String sessionId, String code, int timeout) {
        String json = "{\"session_id\":\"" + sessionId + "\",\"language\":\"python\",\"code\":\"" + code
                + "\",\"timeout\":" + timeout + "}";
        return Http.sendAsync(Http.on(this.port).postJsonRequest("/api/v1/execution/execute/websocket", json)
                .header("Authorization", "Bearer " + token).build());
    }

    @Test
    void sixSleepingRunsWithTimeout300DoNotLockOthersOut() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> attack = new ArrayList<>();
        // the attack as written: six runs, timeout 300, here from three sessions of one client
        for (int i = 0; i < 6; i++) {
            attack.add(execute("hog-" + (i % 3), SLEEPER, 300));
        }
        // the first answers are the refusals: the admitted runs sleep
        await().atMost(Duration.ofSeconds(20)).until(() -> attack.stream().filter(CompletableFuture::isDone).count() >= 3);
        List<HttpResponse<String>> refused = attack.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                .toList();
        assertThat(refused).hasSize(3);
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("max-runs-per-user");
        }
        // one client holds three places; a session never more than two
        long started = System.nanoTime();
        String answer = postFrom("127.0.0.2", "/api/v1/execution/execute/websocket",
                "{\"session_id\":\"neighbour\",\"language\":\"python\",\"code\":\"print(6 * 7)\"}");
        double seconds = (System.nanoTime() - started) / 1e9;
        logger.info("Another client's run, with six sleeping runs tried: " + answer.lines().findFirst().orElse("")
                + " after " + seconds + " s");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"stdout\":\"42\\n\"");
        // admitted, and served once a slot was free: after the sleepers' 8 s, not their timeout of
        // 300 s, which the read would not have waited out (its socket times out after 120 s)
        assertThat(attack.stream().map(CompletableFuture::join).filter(response -> response.statusCode() == 200)
                .map(response -> JSON.readTree(response.body()).path("stdout").asString())).containsExactly("woke\n",
                        "woke\n", "woke\n");
    }

    @Test
    void aThirdRunOfOneSessionIsRefusedWhileTwoAreHeld() {
        List<CompletableFuture<HttpResponse<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(execute(Tokens.token("single", "editor", "*"), "one-session", "import time\\ntime.sleep(3)", 30));
        }
        long refused = runs.stream().map(CompletableFuture::join).filter(response -> response.statusCode() == 429)
                .peek(response -> assertThat(response.body()).contains("max-runs-per-session")).count();
        assertThat(refused).isEqualTo(1);
    }

    /** A bare HTTP/1.1 POST from a chosen local address; the whole answer as text. */
    private String postFrom(String localAddress, String path, String json) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
            socket.setSoTimeout(120_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
                    + "\r\nAuthorization: Bearer " + NEIGHBOUR
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
