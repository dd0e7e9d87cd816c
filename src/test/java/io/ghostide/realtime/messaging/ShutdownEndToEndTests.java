package io.ghostide.realtime.messaging;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A server of its own, shut down under live connections of both transports. */
class ShutdownEndToEndTests {

    @Test
    void everyConnectionHearsDisconnect1001BeforeItCloses() {
        ConfigurableApplicationContext context = startServer();
        int port = port(context);
        RawClient raw = RawClient.connect(port, "going-away");
        StompClient stomp = StompClient.connect(port);
        StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");

        context.close();

        JsonNode disconnect = raw.nextOfType("disconnect");
        assertThat(disconnect.get("data").get("code").asInt()).isEqualTo(1001);
        assertThat(disconnect.get("data").get("reason").asString()).isEqualTo("Server is shutting down");
        assertThat(disconnect.get("session_id").asString()).isEqualTo("going-away");
        assertThat(raw.closed().orTimeout(10, TimeUnit.SECONDS).join().code()).isEqualTo(1001);

        JsonNode stompDisconnect = replies.nextOfType("disconnect");
        assertThat(stompDisconnect.get("data").get("code").asInt()).isEqualTo(1001);
        stomp.close();
    }

    /**
     * The server closes right after a STOMP client's subscription is confirmed, while the thread
     * that wrote the RECEIPT may still be inside the connection's send path: the {@code disconnect}
     * still goes out before the close. Repeated, since it is a race.
     */
    @RepeatedTest(20)
    void aStompClientHearsDisconnectRightAfterItsSubscriptionIsConfirmed() throws IOException {
        ConfigurableApplicationContext context = startServer();
        int port = port(context);
        try (RawStompSocket stomp = RawStompSocket.connect(port)) {
            stomp.send("SUBSCRIBE", Map.of("id", "replies", "destination", "/user/queue/replies", "receipt", "r"));
            assertThat(stomp.next().command()).isEqualTo("RECEIPT");

            context.close();

            RawStompSocket.Frame message = stomp.next();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.body()).contains("\"type\":\"disconnect\"").contains("\"code\":1001");
        }
        finally {
            context.close();
        }
    }

    /**
     * Once the server has told its connections to go, a client that reconnects at once (as the
     * page does) is refused at the upgrade, on both paths, instead of being let in and cut without
     * a {@code disconnect} when the web server stops; connections it already held are untouched.
     */
    @Test
    void upgradesAreRefusedOnceTheConnectionsWereToldToGo() throws IOException {
        ConfigurableApplicationContext context = startServer();
        int port = port(context);
        try {
            RawClient before = RawClient.connect(port, "held");
            context.getBean(ManagedConnections.class).refuseNewConnections();

            for (String path : List.of("/ws/late", "/stomp")) {
                try (RawSocket late = RawSocket.upgrade(port, path, Map.of())) {
                    assertThat(late.statusLine()).as(path).contains(" 503");
                    assertThat(late.refusalBody()).as(path).isEqualTo("Server is shutting down");
                }
            }
            before.sendCommand("ping", "{}");
            assertThat(before.nextOfType("pong")).isNotNull();
        }
        finally {
            context.close();
        }
    }

    /** A context stopped and started again (as a paused test context is) takes connections again. */
    @Test
    void aRestartedContextTakesConnectionsAgain() {
        ConfigurableApplicationContext context = startServer();
        try {
            context.stop();
            context.start();
            int port = port(context);
            try (RawClient raw = RawClient.connect(port, "again"); StompClient stomp = StompClient.connect(port)) {
                raw.sendCommand("ping", "{}");
                assertThat(raw.nextOfType("pong")).isNotNull();
                assertThat(stomp.subscribe("/user/queue/replies")).isNotNull();
            }
        }
        finally {
            context.close();
        }
    }

    /** A server of the test's own on a free port, with the defaults. */
    private static ConfigurableApplicationContext startServer() {
        return new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
