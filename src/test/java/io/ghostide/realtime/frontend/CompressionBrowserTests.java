package io.ghostide.realtime.frontend;

import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Chromium negotiates with the default settings: it offers {@code permessage-deflate} on
 * every WebSocket, and the server declines it on both transports (docs/performance.md, "Compression"). The
 * sockets are opened as stomp.js opens its own in a browser ({@code new WebSocket(url,
 * ['v12.stomp', ...])}): the extension offer is the browser's, not the library's. Skipped, with
 * the reason, where Chromium or the page's npm packages are missing.
 */
@ServerTest
class CompressionBrowserTests {

    // opens a socket, sends `first` when open, and resolves with the extensions the server
    // accepted and the first message it sent
    private static final String OPEN = """
            new Promise((resolve, reject) => {
              const ws = new WebSocket(%s, %s);
              const timer = setTimeout(() => reject(new Error('no message within 45 s')), 45000);
              ws.onopen = () => { if (%s) ws.send(%s); };
              ws.onmessage = (event) => {
                clearTimeout(timer);
                resolve({ extensions: ws.extensions, first: String(event.data).slice(0, 40) });
                ws.close();
              };
              ws.onerror = () => reject(new Error('WebSocket error'));
            })""";

    private static BrowserDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        String unavailable = BrowserDriver.unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        browser = BrowserDriver.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.reset();
            browser.close();
        }
    }

    private static JsonNode eval(BrowserDriver.Tab tab, String expression) {
        return browser.call("eval", Map.of("tab", tab.id(), "expression", expression), Duration.ofSeconds(60));
    }

    @Test
    void chromiumIsAnsweredWithoutCompressionOnBothTransports() {
        // a same-origin page, so that the server's origin check lets the sockets in; the first
        // tab of a fresh browser may take long on a loaded machine
        String url = Http.on(this.port).url("/ws/status");
        BrowserDriver.Tab tab = new BrowserDriver.Tab(browser,
                browser.call("open", Map.of("url", url), Duration.ofSeconds(60)).asString());
        String base = "ws://127.0.0.1:" + this.port;
        JsonNode stomp = eval(tab, OPEN.formatted(BrowserDriver.Tab.quote(base + "/stomp"),
                "['v12.stomp', 'v11.stomp', 'v10.stomp']", "true",
                BrowserDriver.Tab.quote("CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:0,0\n\n\0")));
        assertThat(stomp.path("first").asString()).startsWith("CONNECTED");
        assertThat(stomp.path("extensions").asString()).isEmpty();
        JsonNode raw = eval(tab, OPEN.formatted(BrowserDriver.Tab.quote(base + "/ws/browser-offer"), "[]", "false", "''"));
        assertThat(raw.path("first").asString()).contains("\"connect\"");
        assertThat(raw.path("extensions").asString()).isEmpty();
    }
}
