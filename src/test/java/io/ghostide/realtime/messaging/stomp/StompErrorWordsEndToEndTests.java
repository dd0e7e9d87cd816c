package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** STOMP ERROR frames speak the project's words: an unknown command names no internal class. */
@ServerTest
class StompErrorWordsEndToEndTests {

    @LocalServerPort
    int port;

    @Test
    void anUnknownCommandGetsAnErrorFrameWithoutClassNames() throws Exception {
        try (RawSocket socket = RawSocket.upgrade(this.port, "/stomp", 0)) {
            assertThat(socket.upgraded()).as(socket.statusLine()).isTrue();
            socket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            assertThat(socket.readMessage().text()).startsWith("CONNECTED");
            socket.sendText("FOO\n\n\0");
            String error = socket.readMessage().text();
            assertThat(error).startsWith("ERROR").contains("Unknown STOMP command")
                    .doesNotContain("org.springframework").doesNotContain("No enum constant");
        }
    }

    @Test
    void wordsKeepOnlyMessagesWithoutQualifiedNames() {
        assertThat(StompErrorHandler.words(new IllegalStateException("Too many sessions on one connection")))
                .isEqualTo("Too many sessions on one connection");
        assertThat(StompErrorHandler.words(new RuntimeException("wrap",
                new IllegalArgumentException("Failed to convert to org.example.internal.Thing"))))
                .isEqualTo("Invalid STOMP frame");
    }
}
