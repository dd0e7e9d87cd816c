package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.support.StompClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RECEIPT for a SUBSCRIBE to the reply queue means the subscription exists: a message the
 * server sends the connection right after the client has its receipt is delivered, however
 * slowly the server's reading thread got to the subscription (slowed here on purpose, as a busy
 * machine slows it by chance).
 */
class ReplyQueueReceiptEndToEndTests {

    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        this.context = new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off");
        // the user destinations' handler is late by half a second with every SUBSCRIBE
        this.context.getBean("clientInboundChannel", AbstractSubscribableChannel.class)
                .addInterceptor(new ExecutorChannelInterceptor() {

                    @Override
                    public @Nullable Message<?> beforeHandle(Message<?> message, MessageChannel channel,
                            MessageHandler handler) {
                        if (handler instanceof UserDestinationMessageHandler
                                && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.SUBSCRIBE) {
                            sleep(Duration.ofMillis(500));
                        }
                        return message;
                    }
                });
    }

    @AfterEach
    void stop() {
        this.context.close();
    }

    @Test
    void aMessageSentRightAfterTheReceiptIsDelivered() {
        int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
        ConnectionRegistry registry = this.context.getBean(ConnectionRegistry.class);
        StompClient stomp = StompClient.connect(port);
        try {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            List<String> connections = registry.connectionIds();
            assertThat(connections).hasSize(1);
            String connectionId = connections.get(0);
            this.context.getBean(MessageRouter.class).publishToConnection(connectionId, registry.sessionOf(connectionId),
                    MessageType.PONG, new Payloads.Pong("right-after-the-receipt"));
            JsonNode pong = replies.nextOfType("pong");
            assertThat(pong.get("data").get("timestamp").asString()).isEqualTo("right-after-the-receipt");
        }
        finally {
            stomp.close();
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
