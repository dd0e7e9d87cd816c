package io.ghostide.realtime.frontend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.ghostide.realtime.support.CompressionServerTest;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Chromium negotiates and reads. By default it offers {@code permessage-deflate} on every
 * WebSocket and the server declines it on both transports (docs/performance.md, "Compression").
 * With {@code ghostide.websocket.compression=on} Chromium gets it, without server context
 * takeover, and so reads the messages the server deflated once for all such connections; what it
 * reads must be byte for byte what a client without compression reads. The sockets are opened as
 * stomp.js opens its own in a browser: the extension offer is the browser's, not the library's.
 * Skipped, with the reason, where Chromium or the page's npm packages are missing.
 */
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

    private static final String SESSION = "deflate-in-chromium";

    // in the page: two stomp.js clients (each's subscription is sub-0) and one plain WebSocket,
    // each recording the SHA-256 of every document update; resolves with the
    // extensions each socket was given once all three are subscribed
    private static final String SUBSCRIBE = """
            (async () => {
              const { Client } = await import('@stomp/stompjs');
              const base = 'ws://' + location.host;
              const digest = async (text) => [...new Uint8Array(await crypto.subtle.digest('SHA-256',
                  new TextEncoder().encode(text)))].map(b => b.toString(16).padStart(2, '0')).join('');
              window.recorded = { stomp0: [], stomp1: [], raw: [] };
              const pending = [];
              const record = (name, data) => {
                if (typeof data === 'string' && data.includes('"type":"doc_update"') && data.includes('"file_name":"m')) {
                  pending.push(digest(data).then(hash => window.recorded[name].push(hash)));
                }
              };
              window.settled = () => Promise.all(pending).then(() => window.recorded);
              const stomp = (name) => new Promise((resolve, reject) => {
                let extensions = null;
                const client = new Client({
                  webSocketFactory: () => {
                    const ws = new WebSocket(base + '/stomp', ['v12.stomp', 'v11.stomp', 'v10.stomp']);
                    ws.addEventListener('open', () => { extensions = ws.extensions; });
                    ws.addEventListener('message', (event) => record(name, event.data));
                    return ws;
                  },
                  heartbeatIncoming: 0, heartbeatOutgoing: 0, reconnectDelay: 0, debug: () => {},
                });
                client.onConnect = () => {
                  client.watchForReceipt('r-' + name, () => resolve(extensions));
                  client.subscribe('/topic/session/%1$s', () => {}, { receipt: 'r-' + name });
                };
                client.onStompError = (frame) => reject(new Error(frame.headers.message));
                client.activate();
              });
              const raw = new Promise((resolve, reject) => {
                const ws = new WebSocket(base + '/ws/%1$s?name=chromium');
                ws.addEventListener('message', (event) => {
                  if (String(event.data).includes('"type":"connect"')) resolve(ws.extensions);
                  record('raw', event.data);
                });
                ws.addEventListener('error', () => reject(new Error('WebSocket error')));
              });
              return Promise.all([stomp('stomp0'), stomp('stomp1'), raw]);
            })()""".formatted(SESSION);

    @RegisterExtension
    static final SharedBrowser chromium = new SharedBrowser();

    private static JsonNode eval(BrowserDriver.Tab tab, String expression) {
        return chromium.driver().call("eval", Map.of("tab", tab.id(), "expression", expression), Duration.ofSeconds(60));
    }

    @Nested
    @ServerTest
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void chromiumIsAnsweredWithoutCompressionOnBothTransports() {
            // a same-origin page, so that the server's origin check lets the sockets in; the first
            // tab of a fresh browser may take long on a loaded machine
            String url = Http.on(this.port).url("/ws/status");
            BrowserDriver.Tab tab = new BrowserDriver.Tab(chromium.driver(),
                    chromium.driver().call("open", Map.of("url", url), Duration.ofSeconds(60)).asString());
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

    /**
     * Two stomp.js clients and one plain WebSocket in a Chromium page, against a STOMP and a raw
     * client of the test that offer no compression, all on one session, while another client
     * publishes documents of every size (small, non-ASCII, and over Jetty's 64 KiB frame, which
     * each connection deflates itself). Every update is compared whole, by its SHA-256, in order.
     */
    @Nested
    @CompressionServerTest
    class WhenOn {

        @LocalServerPort
        int port;

        @Test
        void chromiumReadsTheSameBytesCompressedAsAClientWithoutCompression() throws Exception {
            try (RawStompSocket stomp = RawStompSocket.connect(this.port);
                    RawSocket raw = RawSocket.upgrade(this.port, "/ws/" + SESSION + "?name=plain", Map.of())) {
                stomp.send("SUBSCRIBE", Map.of("id", "sub-0", "destination", "/topic/session/" + SESSION, "receipt", "r"));
                assertThat(nextFrame(stomp.socket(), "RECEIPT")).contains("receipt-id:r");
                assertThat(raw.responseHeader("Sec-WebSocket-Extensions")).isNull();
                nextFrame(raw, "\"type\":\"connect\"");

                // a page of the server, for its import map (the page's own stomp.js) and its origin
                BrowserDriver.Tab tab = new BrowserDriver.Tab(chromium.driver(), chromium.driver().call("open",
                        Map.of("url", Http.on(this.port).url("/?session=deflate-page&transport=raw")),
                        Duration.ofSeconds(60)).asString());
                JsonNode extensions = chromium.driver().call("eval", Map.of("tab", tab.id(), "expression", SUBSCRIBE),
                        Duration.ofSeconds(60));
                assertThat(extensions).hasSize(3);
                extensions.forEach(offered -> assertThat(offered.asString())
                        .as("what the server gave Chromium").contains("permessage-deflate").contains("server_no_context_takeover"));

                List<String> texts = texts();
                List<String> stompHashes = new ArrayList<>();
                List<String> rawHashes = new ArrayList<>();
                try (RawSocket publisher = RawSocket.upgrade(this.port, "/ws/" + SESSION + "?name=pub", Map.of())) {
                    nextFrame(publisher, "\"type\":\"connect\"");
                    for (int i = 0; i < texts.size(); i++) {
                        String file = "m" + i + ".txt";
                        publisher.sendText("{\"type\":\"doc_open\",\"data\":{\"file_name\":\"" + file + "\"}}");
                        nextFrame(publisher, "\"type\":\"doc_state\"");
                        publisher.sendText("{\"type\":\"doc_push\",\"data\":{\"file_name\":\"" + file
                                + "\",\"version\":0,\"updates\":[{\"changes\":[[0," + BrowserDriver.Tab.quote(texts.get(i))
                                + "]],\"client_id\":\"ed-p\"}]}}");
                        String marker = "\"file_name\":\"" + file + "\"";
                        stompHashes.add(sha256(nextFrame(stomp.socket(), marker, "\"type\":\"doc_update\"")));
                        rawHashes.add(sha256(nextFrame(raw, marker, "\"type\":\"doc_update\"")));
                    }
                }
                tab.waitFor("window.recorded.stomp0.length >= " + stompHashes.size()
                        + " && window.recorded.stomp1.length >= " + stompHashes.size()
                        + " && window.recorded.raw.length >= " + rawHashes.size(), Duration.ofSeconds(60));
                JsonNode recorded = chromium.driver().call("eval", Map.of("tab", tab.id(), "expression", "window.settled()"),
                        Duration.ofSeconds(60));
                assertThat(hashes(recorded.path("stomp0"))).as("stomp.js, first client").isEqualTo(stompHashes);
                assertThat(hashes(recorded.path("stomp1"))).as("stomp.js, second client").isEqualTo(stompHashes);
                assertThat(hashes(recorded.path("raw"))).as("plain WebSocket").isEqualTo(rawHashes);
                assertThat(tab.errors()).isEmpty();
            }
        }

    }

    /** The next text message that contains every one of {@code parts}, skipping the others. */
    private static String nextFrame(RawSocket socket, String... parts) throws Exception {
        for (;;) {
            String text = socket.readMessage().text();
            if (Arrays.stream(parts).allMatch(text::contains)) {
                assertThat(socket.lastMessageCompressed()).isFalse();
                return text;
            }
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> hashes(JsonNode array) {
        List<String> hashes = new ArrayList<>();
        array.forEach(node -> hashes.add(node.asString()));
        return hashes;
    }

    /** Documents of every size a session carries: tiny, non-ASCII (up to four UTF-8 bytes), and over 64 KiB. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of("x", "é", "ünïcødé ✓ — 日本語 😀", "print(\"\\\\\")"));
        Random random = new Random(11);
        String[] words = { "def", "ƒ", "λ", "→", "😀", "return", "数据", "\"q\"", "\\" };
        for (int size : new int[] { 300, 8_000, 70_000, 120_000, 2_000 }) {
            StringBuilder text = new StringBuilder();
            while (text.toString().getBytes(StandardCharsets.UTF_8).length < size) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
