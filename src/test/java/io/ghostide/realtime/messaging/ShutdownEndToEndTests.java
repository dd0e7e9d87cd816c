package io.ghostide.realtime.messaging;

import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
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
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
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
}
