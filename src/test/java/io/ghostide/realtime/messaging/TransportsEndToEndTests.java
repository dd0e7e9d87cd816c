package io.ghostide.realtime.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Both transports end to end, with real clients: the wire shape, the replies, the shared seq. */
@ServerTest
class TransportsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Test
    void firstRawFrameIsAConnectFrameNamingTheConnection() {
        try (RawClient raw = RawClient.connect(this.port, "first-frame")) {
            JsonNode connect = raw.connectFrame();
            assertThat(connect.get("session_id").asString()).isEqualTo("first-frame");
            assertThat(connect.get("data").get("status").asString()).isEqualTo("connected");
            assertThat(connect.get("data").get("connection_id").asString()).isNotBlank();
            assertThat(connect.has("seq")).isFalse();
            assertThat(Instant.parse(connect.get("timestamp").asString())).isNotNull();
            assertThat(connect.get("timestamp").asString()).endsWith("Z");
        }
    }

    @Test
    void subscribersOfBothTransportsSeeTheSameMessagesWithTheSameSeq() {
        try (RawClient raw = RawClient.connect(this.port, "same-seq");
                StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription topic = stomp.subscribe("/topic/session/same-seq");
            for (int i = 0; i < 50; i++) {
                this.router.publishSessionUpdate("same-seq", SessionUpdateType.FILE_UPDATED, Map.of("n", i));
            }
            for (int i = 0; i < 50; i++) {
                JsonNode fromRaw = raw.next();
                JsonNode fromStomp = topic.next();
                assertThat(fromRaw).isEqualTo(fromStomp);
                // seq 1 and 2 are the presence_join of the raw and of the STOMP connection
                assertThat(fromRaw.get("seq").asLong()).isEqualTo(i + 3);
                assertThat(fromRaw.get("data").get("details").get("n").asInt()).isEqualTo(i);
            }
        }
    }

    @Test
    void concurrentPublishersStillYieldGaplessSeqInOrder() throws Exception {
        int threads = 4;
        int perThread = 250;
        try (RawClient raw = RawClient.connectWithPresence(this.port, "concurrent-seq")) {
            assertThat(raw.next().get("type").asString()).isEqualTo("presence_join");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        this.router.publishExecutionOutput("concurrent-seq", "run-" + thread, i + "\n", StreamType.STDOUT);
                    }
                    return null;
                });
            }
            start.countDown();
            int[] lastPerThread = { -1, -1, -1, -1 };
            // seq 1 was the connection's own presence_join
            for (int expected = 2; expected <= threads * perThread + 1; expected++) {
                JsonNode frame = raw.next();
                assertThat(frame.get("seq").asLong()).isEqualTo(expected);
                int thread = Integer.parseInt(frame.get("data").get("execution_id").asString().substring(4));
                int value = Integer.parseInt(frame.get("data").get("output").asString().trim());
                assertThat(value).isEqualTo(lastPerThread[thread] + 1);
                lastPerThread[thread] = value;
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void everyRouterMethodYieldsItsEnvelope() {
        String session = "every-method";
        try (RawClient raw = RawClient.connectWithPresence(this.port, session)) {
            JsonNode joined = raw.next();
            assertThat(joined.get("type").asString()).isEqualTo("presence_join");
            assertThat(joined.get("seq").asLong()).isEqualTo(1);
            this.router.publishExecutionStart(session, "e1", "python", "x".repeat(150));
            this.router.publishExecutionOutput(session, "e1", "hello\n", StreamType.STDERR);
            ExecutionResult result = new ExecutionResult("hello\n", "", 0, 0.25, false, ExecutionResult.Status.OK, false);
            this.router.publishExecutionComplete(session, "e1", result);
            this.router.publishExecutionError(session, "e2", "Language unavailable", "no node", 400);
            this.router.publishAiTyping(session, true);
            Instant at = Instant.parse("2026-11-26T03:30:25.123Z");
            this.router.publishAiResponse(session, new Payloads.GhostMessage("m1", "Boo!", "ghost", at, null),
                    Map.of("hook", "on_error"));
            this.router.publishAiResponseChunk(session, "m1", "Bo", 0);
            this.router.publishAiError(session, "Ghost is away", "timed out");
            this.router.publishHookTriggered(session, HookType.ON_RUN, Map.of("execution_id", "e1"));
            this.router.publishSessionUpdate(session, SessionUpdateType.FILE_ADDED, Map.of("file_name", "a.py"));
            this.router.publishFileSaved(session, new Payloads.FileSaved("f1", "a.py", "python", at));
            this.router.publishError(session, "Oops", "detail", 500);

            List<JsonNode> frames = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                frames.add(raw.next());
            }
            assertThat(frames).extracting(f -> f.get("type").asString()).containsExactly("execution_start",
                    "execution_output", "execution_complete", "execution_error", "ai_typing", "ai_response",
                    "ai_response_chunk", "ai_error", "hook_triggered", "session_update", "file_saved", "error");
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.get("session_id").asString()).isEqualTo(session);
                assertThat(f.propertyNames()).containsExactly("type", "timestamp", "session_id", "seq", "data");
            });
            assertThat(frames).extracting(f -> f.get("seq").asLong())
                    .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);

            assertThat(frames.get(0).get("data").get("code_preview").asString()).hasSize(100);
            assertThat(frames.get(0).get("data").get("language").asString()).isEqualTo("python");
            assertThat(frames.get(1).get("data").get("stream").asString()).isEqualTo("stderr");
            JsonNode complete = frames.get(2).get("data").get("result");
            assertThat(complete.get("exit_code").asInt()).isZero();
            assertThat(complete.get("execution_time").asDouble()).isEqualTo(0.25);
            assertThat(complete.get("timed_out").asBoolean()).isFalse();
            assertThat(complete.get("status").asString()).isEqualTo("ok");
            assertThat(complete.get("truncated").asBoolean()).isFalse();
            assertThat(frames.get(3).get("data").get("code").asInt()).isEqualTo(400);
            assertThat(frames.get(4).get("data").get("is_typing").asBoolean()).isTrue();
            JsonNode message = frames.get(5).get("data").get("message");
            assertThat(message.get("sender").asString()).isEqualTo("ghost");
            assertThat(message.get("timestamp").asString()).isEqualTo("2026-11-26T03:30:25.123Z");
            assertThat(message.has("context")).isFalse();
            assertThat(frames.get(5).get("data").get("context").get("hook").asString()).isEqualTo("on_error");
            assertThat(frames.get(6).get("data").get("message_id").asString()).isEqualTo("m1");
            assertThat(frames.get(6).get("data").get("index").asInt()).isZero();
            assertThat(frames.get(7).get("data").get("error").asString()).isEqualTo("Ghost is away");
            assertThat(frames.get(8).get("data").get("hook_type").asString()).isEqualTo("on_run");
            assertThat(frames.get(9).get("data").get("update_type").asString()).isEqualTo("file_added");
            assertThat(frames.get(10).get("data").get("file_name").asString()).isEqualTo("a.py");
            assertThat(frames.get(10).get("data").get("saved_at").asString()).isEqualTo("2026-11-26T03:30:25.123Z");
            assertThat(frames.get(11).get("data").get("code").asInt()).isEqualTo(500);
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
    void pingWithoutTimestampGetsTheServerTime() {
        try (RawClient raw = RawClient.connect(this.port, "pong-time")) {
            raw.send("{\"type\":\"ping\"}");
            JsonNode pong = raw.next();
            assertThat(Instant.parse(pong.get("data").get("timestamp").asString()))
                    .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    @Test
    void invalidJsonGetsAnErrorWithoutClosingTheSocket() throws Exception {
        try (RawClient raw = RawClient.connect(this.port, "bad-json");
                RawClient neighbour = RawClient.connect(this.port, "bad-json")) {
            raw.send("this is not json {");
            JsonNode error = raw.next();
            assertThat(error.get("type").asString()).isEqualTo("error");
            assertThat(error.get("data").get("error").asString()).isEqualTo("Invalid message format");
            assertThat(error.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(error.has("seq")).isFalse();
            assertThat(neighbour.poll(Duration.ofMillis(200))).isNull();

            raw.send("{\"type\":\"ping\"}");
            assertThat(raw.next().get("type").asString()).isEqualTo("pong");
            assertThat(raw.closed()).isNotDone();
        }
    }

    @Test
    void everyInvalidMessageIsNamedInItsError() {
        try (RawClient raw = RawClient.connect(this.port, "bad-data")) {
            raw.send("{\"type\":\"fly_to_moon\",\"data\":{}}");
            JsonNode unknown = raw.next();
            assertThat(unknown.get("data").get("error").asString()).isEqualTo("Unknown message type");
            assertThat(unknown.get("data").get("detail").asString()).contains("fly_to_moon", "execute_code");

            raw.send("[1,2,3]");
            assertThat(raw.next().get("data").get("error").asString()).isEqualTo("Invalid message format");

            raw.send("{\"type\":\"execution_output\",\"data\":{}}");
            assertThat(raw.next().get("data").get("detail").asString()).contains("execution_output");

            raw.sendCommand("ghost_chat", "{\"message\":\"   \"}");
            JsonNode invalid = raw.next();
            assertThat(invalid.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(invalid.get("data").get("error").asString()).isEqualTo("Invalid data for ghost_chat");
            assertThat(invalid.get("data").get("detail").asString()).contains("message");

            raw.sendCommand("execute_code", "{\"code\":\"print(1)\",\"language\":\"python\",\"timeout\":301}");
            JsonNode timeout = raw.next();
            assertThat(timeout.get("data").get("detail").asString()).contains("timeout");

            raw.sendCommand("save_file", "{\"name\":\"a.py\"}");
            JsonNode noContent = raw.next();
            assertThat(noContent.get("data").get("detail").asString()).contains("content").doesNotContain("file_name");
        }
    }

    @Test
    void stompPingIsAnsweredOnTheReplyQueueOnly() throws Exception {
        try (StompClient stomp = StompClient.connect(this.port);
                RawClient raw = RawClient.connect(this.port, "stomp-ping")) {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            StompClient.Subscription topic = stomp.subscribe("/topic/session/stomp-ping");
            stomp.send("/app/session/stomp-ping", "{\"type\":\"ping\",\"data\":{\"timestamp\":123}}");
            JsonNode pong = replies.next();
            assertThat(pong.get("type").asString()).isEqualTo("pong");
            assertThat(pong.get("session_id").asString()).isEqualTo("stomp-ping");
            assertThat(pong.get("data").get("timestamp").asLong()).isEqualTo(123);
            assertThat(topic.poll(Duration.ofMillis(200))).isNull();
            assertThat(raw.poll(Duration.ofMillis(100))).isNull();
        }
    }

    @Test
    void stompBadFrameGetsAnErrorReplyWithoutClosingTheConnection() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            stomp.send("/app/session/stomp-bad", "nope");
            assertThat(replies.next().get("data").get("error").asString()).isEqualTo("Invalid message format");
            stomp.send("/app/session/stomp-bad", "{\"type\":\"ping\"}");
            assertThat(replies.next().get("type").asString()).isEqualTo("pong");
            assertThat(stomp.session().isConnected()).isTrue();
        }
    }

    @Test
    void stompHeartbeatsAreNegotiated() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            long[] heartbeat = stomp.connectedHeaders().getHeartbeat();
            assertThat(heartbeat).isNotNull();
            assertThat(heartbeat[0]).isPositive();
            assertThat(heartbeat[1]).isPositive();
        }
    }

    @Test
    void stompSubscriptionToAnInvalidSessionIsRefusedWithAnErrorFrame() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            stomp.subscribeNoWait("/topic/session/not valid!");
            Throwable failure = stomp.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Cannot subscribe to '/topic/session/not valid!'");
        }
    }

    @Test
    void stompSubscriptionWithASelectorIsRefusedWithAnErrorFrame() {
        try (StompClient stomp = StompClient.connect(this.port)) {
            StompHeaders headers = new StompHeaders();
            headers.setDestination("/topic/session/with-selector");
            headers.set("selector", "headers.type == 'pong'");
            stomp.subscribeNoWait(headers);
            Throwable failure = stomp.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Cannot subscribe with a 'selector' header");
        }
    }

    @Test
    void stompClientCannotSubscribeToAnotherConnectionsReplies() {
        try (RawClient victim = RawClient.connect(this.port, "victim");
                StompClient attacker = StompClient.connect(this.port)) {
            attacker.subscribeNoWait("/queue/replies-user" + victim.connectionId());
            Throwable failure = attacker.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Cannot subscribe");
        }
    }

    @Test
    void stompClientCannotPublishStraightToASessionTopic() throws Exception {
        try (RawClient victim = RawClient.connect(this.port, "no-forgery");
                StompClient forger = StompClient.connect(this.port)) {
            forger.send("/topic/session/no-forgery", "{\"type\":\"execution_output\",\"data\":{\"output\":\"fake\"}}");
            Throwable failure = forger.failure().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Cannot send to '/topic/session/no-forgery'");
            assertThat(victim.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aBinaryRawFrameGetsA400ErrorWithoutClosingTheSocket() {
        try (RawClient raw = RawClient.connect(this.port, "binary-frame")) {
            raw.socket().sendBinary(ByteBuffer.wrap("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)), true).join();
            JsonNode error = raw.nextOfType("error");
            assertThat(error.get("data").get("error").asString()).isEqualTo("Invalid message format");
            assertThat(error.get("data").get("code").asInt()).isEqualTo(400);
            assertThat(error.has("seq")).isFalse();

            raw.send("{\"type\":\"ping\"}");
            assertThat(raw.nextOfType("pong")).isNotNull();
            assertThat(raw.closed()).isNotDone();
        }
    }

    @Test
    void stompSendToAnInvalidSessionIsRefusedWithAnErrorFrame() throws Exception {
        try (RawClient bystander = RawClient.connect(this.port, "bystander");
                StompClient sender = StompClient.connect(this.port)) {
            sender.send("/app/session/not valid!", "{\"type\":\"ping\"}");
            Throwable failure = sender.failure().orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(failure).hasMessageContaining("Cannot send to '/app/session/not valid!'");
            assertThat(bystander.poll(Duration.ofMillis(300))).isNull();
        }
    }
}
