package io.ghostide.realtime.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A STOMP frame whose {@code content-length} does not fit it is refused with an ERROR frame in
 * the project's words and that connection is closed; before, a length larger than the body made
 * the connection take the client's next frames as the rest of the body, without a word.
 */
@ServerTest
class StompContentLengthEndToEndTests {

    private static final String PING = "{\"type\":\"ping\"}";

    @LocalServerPort
    int port;

    @Test
    void aContentLengthLargerThanTheBodyIsAnErrorNotASwallowedStream() throws Exception {
        try (RawStompSocket neighbour = RawStompSocket.connect(this.port);
                RawStompSocket liar = RawStompSocket.connect(this.port)) {
            liar.sendFrame("SEND\ndestination:/app/session/cl-liar\ncontent-type:application/json\ncontent-length:1000\n\n"
                    + "hello\0");
            // a frame that must not be taken as the rest of the body above
            liar.send("SUBSCRIBE", Map.of("id", "r", "destination", "/user/queue/replies", "receipt", "r-1"));

            assertRefused(liar, "content-length (1000) is larger than its body");
            assertAnswersPing(neighbour, "cl-liar");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "-5", "1e3", "70000" })
    void aContentLengthThatIsNotABoundedNumberIsAnError(String value) throws Exception {
        try (RawStompSocket client = RawStompSocket.connect(this.port)) {
            client.sendFrame("SEND\ndestination:/app/session/cl-bad\ncontent-type:application/json\ncontent-length:" + value
                    + "\n\n" + PING + "\0");
            assertRefused(client, "content-length");
        }
    }

    @Test
    void aContentLengthThatFitsTheBodyIsServed() throws Exception {
        try (RawStompSocket client = RawStompSocket.connect(this.port)) {
            client.send("SUBSCRIBE", Map.of("id", "r", "destination", "/user/queue/replies"));
            int length = PING.getBytes(StandardCharsets.UTF_8).length;
            client.sendFrame("SEND\ndestination:/app/session/cl-exact\ncontent-type:application/json\ncontent-length:" + length
                    + "\n\n" + PING + "\0");
            RawStompSocket.Frame reply = client.next();
            assertThat(reply.command()).isEqualTo("MESSAGE");
            assertThat(reply.body()).contains("\"type\":\"pong\"");
        }
    }

    private static void assertRefused(RawStompSocket client, String words) throws Exception {
        RawStompSocket.Frame error = client.next();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.headers().get("message")).contains(words)
                .doesNotContain("org.springframework").doesNotContain("java.").doesNotContain("Exception");
        // and that connection is closed: a close frame or the end of the stream, not a timeout
        RawSocket.Frame close = client.socket().readUntilClose();
        if (close != null) {
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    private static void assertAnswersPing(RawStompSocket client, String sessionId) throws Exception {
        client.send("SUBSCRIBE", Map.of("id", "r", "destination", "/user/queue/replies"));
        client.sendFrame("SEND\ndestination:/app/session/" + sessionId + "\ncontent-type:application/json\n\n" + PING + "\0");
        RawStompSocket.Frame reply = client.next();
        assertThat(reply.command()).isEqualTo("MESSAGE");
        assertThat(reply.body()).contains("\"type\":\"pong\"");
    }
}
