package io.ghostide.realtime.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session message is made once per publish and handed to every subscriber as it is: a raw
 * subscriber and STOMP subscribers of the same session get byte-identical envelopes, STOMP
 * subscribers that share a subscription id (as stomp.js clients do: {@code sub-0}, ...) get
 * byte-identical frames, each naming its own subscription, and each message has its own
 * {@code message-id}.
 */
@ServerTest
class PreparedDeliveryEndToEndTests {

    // multi-byte UTF-8 in three widths, and characters JSON and STOMP escape
    private static final String OUTPUT = "héllo ✓ 𝄞 \"quoted\" back\\slash colon: tab\t\n";

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Test
    void subscribersOfBothTransportsGetTheSameEnvelopeBytes() throws Exception {
        String session = "prepared-same-bytes";
        try (RawSocket raw = RawSocket.upgrade(this.port, "/ws/" + session, 0);
                RawStompSocket first = RawStompSocket.connect(this.port);
                RawStompSocket second = RawStompSocket.connect(this.port);
                RawStompSocket other = RawStompSocket.connect(this.port)) {
            assertThat(raw.upgraded()).isTrue();
            assertThat(raw.readMessage().text()).contains("\"type\":\"connect\"");
            subscribe(first, "sub-0", session);
            subscribe(second, "sub-0", session);
            subscribe(other, "sub-1", session);

            long seq = this.router.publishExecutionOutput(session, "run-1", OUTPUT, StreamType.STDOUT);
            long next = this.router.publishExecutionOutput(session, "run-1", "second", StreamType.STDERR);

            byte[] envelope = nextOutput(raw);
            StompBytes a = StompBytes.read(first);
            StompBytes b = StompBytes.read(second);
            StompBytes c = StompBytes.read(other);

            String json = new String(envelope, StandardCharsets.UTF_8);
            assertThat(json).contains("\"type\":\"execution_output\"", "\"seq\":" + seq,
                    "\"output\":\"héllo ✓ 𝄞 \\\"quoted\\\" back\\\\slash colon: tab\\t\\n\"");
            for (StompBytes frame : List.of(a, b, c)) {
                assertThat(frame.body()).isEqualTo(envelope);
                assertThat(frame.headers()).containsEntry("destination", Destinations.sessionTopic(session))
                        .containsEntry("content-type", "application/json")
                        .containsEntry("content-length", Integer.toString(envelope.length));
            }
            assertThat(a.headers()).containsEntry("subscription", "sub-0");
            assertThat(c.headers()).containsEntry("subscription", "sub-1");
            // the same subscription id on two connections: the very same frame
            assertThat(a.whole()).isEqualTo(b.whole());
            // one message, one message-id, whichever subscription it went to
            assertThat(c.headers().get("message-id")).isEqualTo(a.headers().get("message-id")).isNotBlank();

            byte[] secondEnvelope = nextOutput(raw);
            StompBytes a2 = StompBytes.read(first);
            StompBytes c2 = StompBytes.read(other);
            assertThat(new String(secondEnvelope, StandardCharsets.UTF_8)).contains("\"seq\":" + next, "\"stderr\"");
            assertThat(a2.body()).isEqualTo(secondEnvelope);
            assertThat(c2.body()).isEqualTo(secondEnvelope);
            assertThat(a2.headers().get("message-id")).isNotEqualTo(a.headers().get("message-id"));
        }
    }

    @Test
    void aSubscriptionIdThatNeedsEscapingIsEscapedInTheFrame() throws Exception {
        String session = "prepared-escaped-id";
        try (RawStompSocket client = RawStompSocket.connect(this.port)) {
            // a colon in a header value is written as \c (STOMP 1.2), as the SUBSCRIBE must have said it
            subscribe(client, "tab\\cone", session);
            this.router.publishExecutionOutput(session, "run-1", "x", StreamType.STDOUT);
            StompBytes frame = StompBytes.read(client);
            assertThat(new String(frame.whole(), StandardCharsets.UTF_8)).contains("\nsubscription:tab\\cone\n");
        }
    }

    // the next execution_output envelope, past what the session says of who joined
    private static byte[] nextOutput(RawSocket raw) throws IOException {
        for (;;) {
            byte[] json = raw.readMessage().payload();
            if (new String(json, StandardCharsets.UTF_8).contains("\"type\":\"execution_output\"")) {
                return json;
            }
        }
    }

    private static void subscribe(RawStompSocket client, String id, String session) throws IOException {
        client.send("SUBSCRIBE", Map.of("id", id, "destination", Destinations.sessionTopic(session)));
        // the position comes first, once the subscription exists
        assertThat(client.next().body()).contains("\"type\":\"subscribed\"");
    }

    /** One STOMP frame as bytes: the whole frame, its headers and its body without the NUL. */
    private record StompBytes(byte[] whole, Map<String, String> headers, byte[] body) {

        // the next frame of an execution_output, past what the session says of who joined
        static StompBytes read(RawStompSocket client) throws IOException {
            for (;;) {
                StompBytes frame = readOne(client);
                if (new String(frame.body(), StandardCharsets.UTF_8).contains("\"type\":\"execution_output\"")) {
                    return frame;
                }
            }
        }

        private static StompBytes readOne(RawStompSocket client) throws IOException {
            byte[] whole = client.socket().readMessage().payload();
            int end = indexOf(whole, "\n\n".getBytes(StandardCharsets.US_ASCII));
            String[] lines = new String(whole, 0, end, StandardCharsets.UTF_8).split("\n");
            assertThat(lines[0]).isEqualTo("MESSAGE");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
            assertThat(whole[whole.length - 1]).isZero();
            return new StompBytes(whole, headers, Arrays.copyOfRange(whole, end + 2, whole.length - 1));
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            for (int i = 0; i + part.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            throw new AssertionError("No end of headers in " + new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
