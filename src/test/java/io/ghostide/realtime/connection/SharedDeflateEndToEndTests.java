package io.ghostide.realtime.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.ghostide.realtime.support.CompressionServerTest;
import io.ghostide.realtime.support.RawSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With compression on, a message published to many connections is deflated once for all that
 * compress, and every client still reads exactly the bytes a client without compression reads.
 * The clients are real sockets that speak {@code permessage-deflate} themselves (RSV1, a fresh
 * inflater per message, the removed tail given back); the publisher is a plain raw connection
 * pushing documents, whose {@code doc_update} goes to every subscriber of the session.
 */
@CompressionServerTest
class SharedDeflateEndToEndTests {

    private static final Map<String, String> OFFER = CompressionEndToEndTests.CHROMIUM_OFFER;

    // below Jetty's largest outgoing frame (64 KiB), with room for the envelope and STOMP headers
    private static final int SMALL = 60_000;

    private static final String STOMP_PROTOCOL = "v12.stomp, v11.stomp, v10.stomp";

    @LocalServerPort
    int port;

    /** A client of either transport, compressing or not, reading whole text messages. */
    private static final class Peer implements AutoCloseable {

        final RawSocket socket;

        final boolean compressing;

        final List<Boolean> compressedFlags = new ArrayList<>();

        Peer(RawSocket socket, boolean compressing) {
            this.socket = socket;
            this.compressing = compressing;
        }

        void send(String text) throws IOException {
            if (this.compressing) {
                this.socket.sendCompressedText(text);
            }
            else {
                this.socket.sendText(text);
            }
        }

        /** The next text message (STOMP heart-beats and control frames skipped), inflated if it came compressed. */
        String next() throws Exception {
            for (;;) {
                CompressionEndToEndTests.Received received = CompressionEndToEndTests.read(this.socket);
                if (!received.text().equals("\n") && !received.text().isEmpty() || received.compressed()) {
                    this.compressedFlags.add(received.compressed());
                    return received.text();
                }
            }
        }

        String nextContaining(String part) throws Exception {
            for (;;) {
                String text = next();
                if (text.contains(part)) {
                    return text;
                }
            }
        }

        @Override
        public void close() throws IOException {
            this.socket.close();
        }
    }

    private Peer raw(String session, String name, boolean compressing) throws Exception {
        RawSocket socket = RawSocket.upgrade(this.port, "/ws/" + session + "?name=" + name, compressing ? OFFER : Map.of());
        if (compressing) {
            CompressionEndToEndTests.assertBoundedDeflateAccepted(socket);
        }
        else {
            CompressionEndToEndTests.assertNothingAccepted(socket);
        }
        Peer peer = new Peer(socket, compressing);
        peer.nextContaining("\"type\":\"connect\"");
        return peer;
    }

    private Peer stomp(String session, boolean compressing) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Sec-WebSocket-Protocol", STOMP_PROTOCOL));
        if (compressing) {
            headers.putAll(CompressionEndToEndTests.STOMP_WITH_CHROMIUM_OFFER);
        }
        RawSocket socket = RawSocket.upgrade(this.port, "/stomp", headers);
        Peer peer = new Peer(socket, compressing);
        peer.send(CompressionEndToEndTests.STOMP_CONNECT);
        assertThat(peer.next()).startsWith("CONNECTED");
        // the same subscription id everywhere, as stomp.js gives its first subscription
        peer.send("SUBSCRIBE\nid:sub-0\ndestination:/topic/session/" + session + "\n\n\0");
        peer.nextContaining("\"type\":\"subscribed\"");
        return peer;
    }

    private static String open(String fileName) {
        return "{\"type\":\"doc_open\",\"data\":{\"file_name\":\"" + fileName + "\"}}";
    }

    private static String push(String fileName, String text) {
        return "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"" + fileName + "\",\"version\":0,\"updates\":[{\"changes\":[[0,"
                + jsonString(text) + "]],\"client_id\":\"ed-p\"}]}}";
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Texts of every kind a session carries: tiny, non-ASCII (two, three and four UTF-8 bytes), and over 64 KiB. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of("x", " ", "é", "ünïcødé ✓ — 日本語 😀", "print(\"\\\\\")"));
        Random random = new Random(7);
        String[] words = { "def", "ƒ", "λ", "→", "😀", "return", "🙂 ok", "数据", "\"q\"", "\\" };
        for (int size : new int[] { 200, 5_000, 70_000, 120_000 }) {
            StringBuilder text = new StringBuilder();
            while (text.toString().getBytes(StandardCharsets.UTF_8).length < size) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
            }
            texts.add(text.toString());
        }
        for (int i = 0; i < 11; i++) {
            texts.add("line " + i + " " + "ß".repeat(i * 37));
        }
        return texts;
    }

    @Test
    void eachMessageIsDeflatedOnceForEverySubscriber() throws Exception {
        String session = "shared-deflate";
        try (Peer publisher = raw(session, "pub", false);
                Peer rawPlain = raw(session, "plain", false);
                Peer rawA = raw(session, "a", true);
                Peer rawB = raw(session, "b", true);
                Peer rawC = raw(session, "c", true);
                Peer stompPlain = stomp(session, false);
                Peer stompA = stomp(session, true);
                Peer stompB = stomp(session, true)) {
            List<Peer> raws = List.of(rawPlain, rawA, rawB, rawC);
            List<Peer> stomps = List.of(stompPlain, stompA, stompB);
            // a first publish read by everyone: what the joins published is out before counting starts
            publisher.send(open("warm.txt"));
            publisher.nextContaining("\"type\":\"doc_state\"");
            publisher.send(push("warm.txt", "warm"));
            for (Peer peer : List.of(rawPlain, rawA, rawB, rawC, stompPlain, stompA, stompB)) {
                peer.nextContaining("\"file_name\":\"warm.txt\"");
            }
            List<String> texts = texts();
            long deflatesBefore = SharedDeflateExtension.sharedDeflates();
            long sendsBefore = SharedDeflateExtension.sharedSends();
            long ownDeflatesOfSmall = 0;
            int small = 0;
            for (int i = 0; i < texts.size(); i++) {
                long ownBefore = SharedDeflateExtension.ownDeflates();
                String file = "m" + i + ".txt";
                publisher.send(open(file));
                publisher.nextContaining("\"type\":\"doc_state\"");
                publisher.send(push(file, texts.get(i)));
                String marker = "\"file_name\":\"" + file + "\"";
                String rawExpected = rawPlain.nextContaining(marker);
                assertThat(rawExpected).contains("\"type\":\"doc_update\"");
                for (Peer peer : raws.subList(1, raws.size())) {
                    assertThat(peer.nextContaining(marker)).as("raw message %d", i).isEqualTo(rawExpected);
                }
                String stompExpected = stompPlain.nextContaining(marker);
                assertThat(stompExpected).startsWith("MESSAGE\n").contains("subscription:sub-0");
                for (Peer peer : stomps.subList(1, stomps.size())) {
                    assertThat(peer.nextContaining(marker)).as("STOMP message %d", i).isEqualTo(stompExpected);
                }
                if (texts.get(i).getBytes(StandardCharsets.UTF_8).length < SMALL) {
                    ownDeflatesOfSmall += SharedDeflateExtension.ownDeflates() - ownBefore;
                    small++;
                }
            }
            // per publish: one deflate of the raw frame for three connections, one of the STOMP
            // frame for sub-0 for two, five sends; the session may publish more meanwhile (its
            // files are stored), which every subscriber gets too, so the ratio holds exactly
            long deflates = SharedDeflateExtension.sharedDeflates() - deflatesBefore;
            long sends = SharedDeflateExtension.sharedSends() - sendsBefore;
            assertThat(deflates).isGreaterThanOrEqualTo(2L * small);
            assertThat(2 * sends).isEqualTo(5 * deflates);
            // a frame larger than Jetty's largest outgoing frame reaches the extension in
            // fragments, which each connection deflates itself; none of the smaller ones did
            assertThat(small).isLessThan(texts.size());
            assertThat(ownDeflatesOfSmall).isZero();
            for (Peer peer : List.of(rawA, rawB, rawC, stompA, stompB)) {
                assertThat(peer.compressedFlags).as("every message came compressed").containsOnly(true);
            }
            assertThat(rawPlain.compressedFlags).containsOnly(false);
            assertThat(stompPlain.compressedFlags).containsOnly(false);
        }
    }

    @Test
    void compressedCommandsFromClientsAreInflated() throws Exception {
        String session = "deflating-clients";
        String text = "é😀 " + "from a compressing client ".repeat(3000);
        try (Peer raw = raw(session, "r", true); Peer stomp = stomp(session, true)) {
            raw.send(open("in.txt"));
            raw.nextContaining("\"type\":\"doc_state\"");
            raw.send(push("in.txt", text));
            String update = raw.nextContaining("\"type\":\"doc_update\"");
            assertThat(update).contains(jsonString(text));
            assertThat(stomp.nextContaining("\"type\":\"doc_update\"")).endsWith(update + "\0");

            stomp.send("SEND\ndestination:/app/session/" + session + "\ncontent-type:application/json\n\n"
                    + open("stomp.txt") + "\0");
            stomp.send("SEND\ndestination:/app/session/" + session + "\ncontent-type:application/json\n\n"
                    + push("stomp.txt", "ünï " + text) + "\0");
            String fromStomp = raw.nextContaining("\"file_name\":\"stomp.txt\"");
            assertThat(fromStomp).contains(jsonString("ünï " + text)).contains("\"type\":\"doc_update\"");
            assertThat(raw.compressedFlags).containsOnly(true);
            assertThat(stomp.compressedFlags).containsOnly(true);
        }
    }
}
