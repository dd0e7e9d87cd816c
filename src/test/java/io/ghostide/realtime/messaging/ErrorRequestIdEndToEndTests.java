package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code error} that answers a command whose data had a {@code request_id} echoes it, on both
 * transports, to the sender alone; without one (or with one that is not a string of 1 to 64
 * characters) the error has no {@code request_id} at all.
 */
@ServerTest
class ErrorRequestIdEndToEndTests {

    private static final String TOO_LONG = "r".repeat(65);

    @LocalServerPort
    int port;

    @Test
    void rawErrorsEchoTheCommandsRequestIdToTheSenderAlone() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "err-id-raw");
                RawClient other = RawClient.connect(this.port, "err-id-raw")) {
            assertEchoes((type, data) -> sender.sendCommand(type, data), sender::next);
            assertThat(other.poll(Duration.ofMillis(300))).as("another connection of the session").isNull();
            assertThat(sender.poll(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void stompErrorsEchoTheCommandsRequestIdOnTheSendersReplyQueue() throws Exception {
        try (StompClient sender = StompClient.connect(this.port);
                StompClient other = StompClient.connect(this.port)) {
            StompClient.Subscription replies = sender.subscribe("/user/queue/replies");
            StompClient.Subscription topic = sender.subscribe("/topic/session/err-id-stomp");
            StompClient.Subscription otherReplies = other.subscribe("/user/queue/replies");
            assertEchoes((type, data) -> sender.send("/app/session/err-id-stomp",
                    "{\"type\":\"" + type + "\",\"data\":" + data + "}"), replies::next);
            assertThat(otherReplies.poll(Duration.ofMillis(300))).as("another connection's replies").isNull();
            assertThat(topic.poll(Duration.ofMillis(100))).as("the session").isNull();
        }
    }

    private static void assertEchoes(Command send, Supplier<JsonNode> next) {
        // refused by validation, with and without a request id
        send.send("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\",\"timeout\":0,\"request_id\":\"run-7\"}");
        assertError(next.get(), 400, error -> assertThat(error.get("request_id").asString()).isEqualTo("run-7"));
        send.send("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\",\"timeout\":0}");
        assertError(next.get(), 400, error -> assertThat(error.has("request_id")).isFalse());
        // refused by the handler: a stop of a run that does not exist
        send.send("execution_stop", "{\"request_id\":\"no-such-run\"}");
        assertError(next.get(), 404, error -> assertThat(error.get("request_id").asString()).isEqualTo("no-such-run"));
        // any command's data may carry one
        send.send("save_file", "{\"file_name\":\"a.py\",\"request_id\":\"save-1\"}");
        assertError(next.get(), 400, error -> assertThat(error.get("request_id").asString()).isEqualTo("save-1"));
        send.send("no_such_type", "{\"request_id\":\"what-1\"}");
        assertError(next.get(), 400, error -> assertThat(error.get("request_id").asString()).isEqualTo("what-1"));
        // what is not a request id is not echoed: too long, not a string, empty
        send.send("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\",\"request_id\":\"" + TOO_LONG + "\"}");
        assertError(next.get(), 400, error -> {
            assertThat(error.has("request_id")).isFalse();
            assertThat(error.get("detail").asString()).contains("request");
        });
        send.send("save_file", "{\"file_name\":\"a.py\",\"request_id\":{\"nested\":\"x\"}}");
        assertError(next.get(), 400, error -> assertThat(error.has("request_id")).isFalse());
        send.send("save_file", "{\"file_name\":\"a.py\",\"request_id\":\"\"}");
        assertError(next.get(), 400, error -> assertThat(error.has("request_id")).isFalse());
    }

    private static void assertError(JsonNode envelope, int code, Consumer<JsonNode> data) {
        assertThat(envelope.get("type").asString()).as(envelope.toString()).isEqualTo("error");
        assertThat(envelope.has("seq")).isFalse();
        assertThat(envelope.get("data").get("code").asInt()).as(envelope.toString()).isEqualTo(code);
        data.accept(envelope.get("data"));
    }

    @FunctionalInterface
    private interface Command {

        void send(String type, String dataJson);
    }
}
