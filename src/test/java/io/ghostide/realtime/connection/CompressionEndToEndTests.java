package io.ghostide.realtime.connection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.ghostide.realtime.support.CompressionServerTest;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ghostide.websocket.compression} on both transports, with a client that offers
 * {@code permessage-deflate} as Chromium does. The client sends its own frames uncompressed,
 * which the extension allows.
 */
class CompressionEndToEndTests {

    static final Map<String, String> CHROMIUM_OFFER = Map.of("Sec-WebSocket-Extensions",
            "permessage-deflate; client_max_window_bits");

    static final Map<String, String> STOMP_WITH_CHROMIUM_OFFER = Map.of("Sec-WebSocket-Extensions",
            "permessage-deflate; client_max_window_bits", "Sec-WebSocket-Protocol", "v12.stomp, v11.stomp, v10.stomp");

    static final String STOMP_CONNECT = "CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0";

    /** One message from the server: its text, and whether it came compressed. */
    record Received(String text, boolean compressed) {
    }

    /**
     * The next message, inflated when it came compressed. Each with a fresh inflater: without
     * context takeover none may refer to an earlier one, so a server that kept its context makes
     * this fail ("invalid distance too far back").
     */
    static Received read(RawSocket socket) throws Exception {
        byte[] payload = socket.readMessage().payload();
        return socket.lastMessageCompressed()
                ? new Received(inflate(payload), true) : new Received(new String(payload, StandardCharsets.UTF_8), false);
    }

    private static String inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            // RFC 7692: the sender removed the tail of the empty block, 00 00 ff ff; give it back
            byte[] input = new byte[deflated.length + 4];
            System.arraycopy(deflated, 0, input, 0, deflated.length);
            input[deflated.length + 2] = (byte) 0xff;
            input[deflated.length + 3] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                text.write(chunk, 0, n);
            }
            return text.toString(StandardCharsets.UTF_8);
        }
        finally {
            inflater.end();
        }
    }

    static void assertBoundedDeflateAccepted(RawSocket socket) {
        assertThat(socket.statusLine()).contains(" 101");
        assertThat(socket.responseHeader("Sec-WebSocket-Extensions")).isNotNull();
        assertThat(socket.responseHeader("Sec-WebSocket-Extensions").split("\\s*;\\s*"))
                .containsExactlyInAnyOrder("permessage-deflate", "server_no_context_takeover", "client_no_context_takeover");
    }

    static void assertNothingAccepted(RawSocket socket) {
        assertThat(socket.statusLine()).contains(" 101");
        assertThat(socket.responseHeader("Sec-WebSocket-Extensions")).isNull();
    }

    @Nested
    @ServerTest
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void rawEndpointSendsPlainFramesDespiteTheOffer() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/plain-raw", CHROMIUM_OFFER)) {
                assertNothingAccepted(socket);
                Received connect = read(socket);
                assertThat(connect.compressed()).isFalse();
                assertThat(connect.text()).contains("\"type\":\"connect\"");
            }
        }

        @Test
        void stompEndpointSendsPlainFramesDespiteTheOffer() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/stomp", STOMP_WITH_CHROMIUM_OFFER)) {
                assertNothingAccepted(socket);
                socket.sendText(STOMP_CONNECT);
                Received connected = read(socket);
                assertThat(connected.compressed()).isFalse();
                assertThat(connected.text()).startsWith("CONNECTED");
            }
        }
    }

    @Nested
    @CompressionServerTest
    class WhenOn {

        @LocalServerPort
        int port;

        @Test
        void rawEndpointAcceptsTheOfferWithoutContextTakeover() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/deflated-raw", CHROMIUM_OFFER)) {
                assertBoundedDeflateAccepted(socket);
                Received connect = read(socket);
                assertThat(connect.compressed()).isTrue();
                assertThat(connect.text()).contains("\"type\":\"connect\"");
                // the second message inflates on its own too
                socket.sendText("{\"type\":\"ping\",\"timestamp\":\"t1\"}");
                Received pong = read(socket);
                // the connection's own presence_join may come first; every message inflates on its own
                while (pong.text().contains("\"type\":\"presence_")) {
                    assertThat(pong.compressed()).isTrue();
                    pong = read(socket);
                }
                assertThat(pong.compressed()).isTrue();
                assertThat(pong.text()).contains("\"type\":\"pong\"").contains("t1");
            }
        }

        @Test
        void stompEndpointAcceptsTheOfferWithoutContextTakeover() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/stomp", STOMP_WITH_CHROMIUM_OFFER)) {
                assertBoundedDeflateAccepted(socket);
                socket.sendText(STOMP_CONNECT);
                Received connected = read(socket);
                assertThat(connected.compressed()).isTrue();
                assertThat(connected.text()).startsWith("CONNECTED");
            }
        }

        @Test
        void anOfferThatCapsTheServerWindowIsDeclined() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/capped-window",
                    Map.of("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10"))) {
                assertNothingAccepted(socket);
                assertThat(read(socket).compressed()).isFalse();
            }
        }

        @Test
        void aClientThatOffersNothingGetsNothing() throws Exception {
            try (RawSocket socket = RawSocket.upgrade(this.port, "/ws/no-offer", Map.of())) {
                assertNothingAccepted(socket);
                assertThat(read(socket).compressed()).isFalse();
            }
        }
    }
}
