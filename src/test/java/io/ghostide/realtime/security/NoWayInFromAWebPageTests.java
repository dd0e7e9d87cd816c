package io.ghostide.realtime.security;

import java.io.IOException;

import io.ghostide.realtime.support.HttpProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Host allowlist and the Origin and CORS checks, in the default {@code none} mode bound to
 * 127.0.0.1: a page on a name rebound to 127.0.0.1 sends that name as both Host and Origin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.websocket.allowed-origins=http://ide.example:3000",
                "ghostide.security.allowed-hosts=ide.internal" })
class NoWayInFromAWebPageTests {

    private static final String RUN = "{\"session_id\":\"rebind\",\"language\":\"python\",\"code\":\"print(1)\"}";

    @LocalServerPort
    int port;

    @Test
    void aDnsRebindingRequestIsRefusedOnEveryPath() throws IOException {
        String evil = "evil.example:" + this.port;
        String origin = "http://" + evil;
        HttpProbe.Response raw = HttpProbe.upgrade(this.port, "/ws/x", "Host", evil, "Origin", origin);
        assertThat(raw.status()).isEqualTo(421);
        assertThat(raw.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(HttpProbe.upgrade(this.port, "/stomp", "Host", evil, "Origin", origin).status()).isEqualTo(421);
        assertThat(HttpProbe.request(this.port, "POST", "/api/v1/execution/execute/websocket", RUN, "Host", evil,
                "Origin", origin, "Content-Type", "application/json").status()).isEqualTo(421);
        assertThat(HttpProbe.request(this.port, "GET", "/ws/status", null, "Host", evil).status()).isEqualTo(421);
        assertThat(HttpProbe.request(this.port, "GET", "/", null, "Host", evil).status()).isEqualTo(421);
    }

    @Test
    void aRefusedHostGetsAProblemDetailThatNamesIt() throws IOException {
        HttpProbe.Response refused = HttpProbe.request(this.port, "GET", "/api/v1/languages", null,
                "Host", "evil.example:" + this.port);
        assertThat(refused.status()).isEqualTo(421);
        assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"title\":\"Misdirected Request\"").contains("\"status\":421")
                .contains("not to Host 'evil.example:" + this.port + "'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anotherFirewallRefusalIsA400ProblemWithoutATrace() throws IOException {
        HttpProbe.Response refused = HttpProbe.request(this.port, "GET", "/api/v1/languages;x=1", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("\"status\":400").contains("firewall").doesNotContain("\tat ")
                .doesNotContain("RequestRejectedException");
    }

    @Test
    void onlyLoopbackOrConfiguredHostsAreServed() throws IOException {
        for (String host : new String[] { "127.0.0.1:" + this.port, "localhost:" + this.port, "[::1]:" + this.port,
                "LOCALHOST", "app.localhost:" + this.port, "127.1.2.3", "ide.internal:" + this.port }) {
            assertThat(HttpProbe.request(this.port, "GET", "/ws/status", null, "Host", host).status()).as(host)
                    .isEqualTo(200);
        }
        for (String host : new String[] { "127.0.0.1.evil.example", "localhost.evil.example", "0.0.0.0", "10.0.0.1" }) {
            assertThat(HttpProbe.request(this.port, "GET", "/ws/status", null, "Host", host).status()).as(host)
                    .isEqualTo(421);
        }
    }

    @Test
    void anUpgradeFromAForeignOriginIsRefusedWith403() throws IOException {
        assertThat(HttpProbe.upgrade(this.port, "/ws/origin", "Origin", "http://evil.example").status()).isEqualTo(403);
        assertThat(HttpProbe.upgrade(this.port, "/stomp", "Origin", "http://evil.example").status()).isEqualTo(403);
        // the server's own page, a configured origin, and a client that sends none
        assertThat(HttpProbe.upgrade(this.port, "/ws/origin", "Origin", "http://127.0.0.1:" + this.port).status())
                .isEqualTo(101);
        assertThat(HttpProbe.upgrade(this.port, "/ws/origin", "Origin", "http://ide.example:3000").status())
                .isEqualTo(101);
        assertThat(HttpProbe.upgrade(this.port, "/ws/origin").status()).isEqualTo(101);
    }

    @Test
    void restAnswersCorsOnlyForAllowedOrigins() throws IOException {
        HttpProbe.Response foreign = HttpProbe.request(this.port, "OPTIONS", "/api/v1/execution/execute/websocket", null,
                "Origin", "http://evil.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.headers()).doesNotContainKey("access-control-allow-origin");
        HttpProbe.Response allowed = HttpProbe.request(this.port, "OPTIONS", "/api/v1/execution/execute/websocket", null,
                "Origin", "http://ide.example:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers().get("access-control-allow-origin")).isEqualTo("http://ide.example:3000");
        // a simple cross-origin request from a foreign page is refused too, not just its preflight
        assertThat(HttpProbe.request(this.port, "POST", "/api/v1/execution/execute/websocket", RUN,
                "Origin", "http://evil.example", "Content-Type", "text/plain").status()).isEqualTo(403);
    }

    @Test
    void theDevelopmentTokenEndpointDoesNotExistByDefault() throws IOException {
        assertThat(HttpProbe.request(this.port, "POST", "/dev/token", "{}", "Content-Type", "application/json").status())
                .isIn(404, 405);
    }
}
