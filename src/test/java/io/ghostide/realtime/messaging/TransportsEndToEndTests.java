package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TransportsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Test
    void rawAndStompSubscribersSeeTheSameMessagesWithTheSameSeq() {
        try (RawClient raw = RawClient.connect(this.port, "same-seq");
                StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription topic = stomp.subscribe("/topic/session/same-seq");
            for (int i = 0; i < 50; i++) {
                this.router.notifySessionUpdate("same-seq", "file_updated", Map.of("n", i));
            }
            for (int i = 0; i < 50; i++) {
                JsonNode fromRaw = raw.next();
                JsonNode fromStomp = topic.next();
                assertThat(fromRaw).isEqualTo(fromStomp);
                assertThat(fromRaw.get("seq").asLong()).isEqualTo(i + 1);
                assertThat(fromRaw.get("data").get("details").get("n").asInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void pongReachesOnlyTheSender() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "pong-only");
                RawClient neighbour = RawClient.connect(this.port, "pong-only")) {
            sender.send("{\"type\":\"ping\",\"timestamp\":\"t-42\"}");
            JsonNode pong = sender.next();
            assertThat(pong.get("type").asString()).isEqualTo("pong");
            assertThat(pong.get("data").get("timestamp").asString()).isEqualTo("t-42");
            assertThat(pong.has("seq")).isFalse();
            assertThat(neighbour.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void stompPingIsAnsweredOnTheReplyQueue() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.send("/app/session/stomp-ping", "{\"type\":\"ping\"}");
            JsonNode pong = replies.next();
            assertThat(pong.get("type").asString()).isEqualTo("pong");
            assertThat(pong.get("session_id").asString()).isEqualTo("stomp-ping");
        }
    }
}
