package io.ghostide.realtime.ghost;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code redis} mode {@code ghostide.ghost.max-queued-chats} bounds the questions of a session
 * in flight (the one being answered and those waiting, {@code max-queued-chats + 1} in all) over
 * every instance: questions sent through two instances while the model is held take the places
 * together, the next one on either instance is refused with {@code error} 429 (HTTP 429 over
 * REST), and the places come back once the answers end, a failed one included. The model is a
 * real HTTP server that holds its answers until the test lets them go.
 */
class ClusterQueuedChatsEndToEndTests {

    private static final FakeOpenAiServer MODEL = FakeOpenAiServer.startedForTests();

    // two may wait behind the one being answered: three places for the session over both instances
    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("queued", MODEL.instanceProperties(
            "ghostide.ghost.max-queued-chats=2", "ghostide.ghost.first-token-timeout=90s",
            "ghostide.ghost.total-timeout=120s"));

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @Test
    void questionsOfOneSessionThroughBothInstancesShareTheOneQueue() throws Exception {
        String session = "queued-both-" + Long.toHexString(System.nanoTime());
        try (RawClient a = RawClient.connect(cluster.a().port(), session);
                RawClient b = RawClient.connect(cluster.b().port(), session)) {
            Frames onA = new Frames(a);
            Frames onB = new Frames(b);
            CountDownLatch release = holdTheModel();
            takeTheThreePlaces(onA, onB, "First", "fail, second", "Third");
            // B's lane alone holds one and A's has one waiting, room on each; yet both refuse
            assertBusy(onB.ask("d", "Fourth"), "d");
            assertBusy(onA.ask("e", "Fifth"), "e");
            HttpResponse<String> overRest = askOverRest(cluster.b(), session, "Sixth");
            assertThat(overRest.statusCode()).as(overRest.body()).isEqualTo(429);
            assertThat(overRest.body()).contains("Ghost is busy").contains("max-queued-chats").doesNotContain("at io.");
            assertThat(MODEL.inFlight()).isEqualTo(2);
            release.countDown();
            // two answers and the one the model failed, each heard on both instances
            assertThat(onA.awaitEnded(3)).containsExactlyInAnyOrder("ai_response", "ai_response", "ai_error");
            assertThat(onB.awaitEnded(3)).containsExactlyInAnyOrder("ai_response", "ai_response", "ai_error");

            await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 0);
            // every place came back, the failed answer's and the refused ones' included: three again, no more
            CountDownLatch again = holdTheModel();
            takeTheThreePlaces(onB, onA, "Again first", "Again second", "Again third");
            assertBusy(onA.ask("i", "Again fourth"), "i");
            again.countDown();
            assertThat(onA.awaitEnded(3)).containsOnly("ai_response");
            await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 0);
        }
    }

    /** While Redis is away a question's place cannot be checked: {@code error} 503, as for a provider call, and no model call. */
    @Test
    void aQuestionWhileRedisIsAwayIsRefusedWith503() throws Exception {
        String session = "queued-outage-" + Long.toHexString(System.nanoTime());
        MODEL.answerWith(request -> MODEL.stream("Boo!"));
        try (RawClient b = RawClient.connect(cluster.b().port(), session)) {
            Frames onB = new Frames(b);
            MODEL.drainRequests();
            cluster.redis().kill();
            JsonNode refused;
            try {
                refused = onB.ask("x", "Are you there?");
            }
            finally {
                cluster.redis().restart();
            }
            assertThat(refused).as("refused at once").isNotNull();
            assertThat(refused.path("data").path("code").asInt()).isEqualTo(503);
            assertThat(refused.path("data").path("error").asString()).isEqualTo("Service unavailable");
            assertThat(refused.path("data").path("detail").asString()).contains("Redis").doesNotContain("at io.");
            assertThat(MODEL.receivedCount()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> askOverRest(cluster.b(), session, "And now?").statusCode() == 200);
        }
    }

    /**
     * Asks three questions that are taken: the first answered through {@code first}'s instance and the
     * second through {@code second}'s at once (each instance's lane is free), the third waiting behind
     * the first.
     */
    private static void takeTheThreePlaces(Frames first, Frames second, String... questions) {
        assertThat(first.ask("taken-1", questions[0])).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 1);
        assertThat(second.ask("taken-2", questions[1])).isNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> MODEL.inFlight() == 2);
        assertThat(first.ask("taken-3", questions[2])).isNull();
    }

    private static void assertBusy(@Nullable JsonNode refusal, String requestId) {
        assertThat(refusal).as("question " + requestId + " refused").isNotNull();
        JsonNode data = refusal.path("data");
        assertThat(data.path("code").asInt()).isEqualTo(429);
        assertThat(data.path("error").asString()).isEqualTo("Ghost is busy");
        assertThat(data.path("detail").asString()).contains("max-queued-chats");
        assertThat(data.path("request_id").asString()).isEqualTo(requestId);
    }

    // the model holds every answer until the latch is let go; a question starting "fail" then gets HTTP 500
    private static CountDownLatch holdTheModel() {
        CountDownLatch release = new CountDownLatch(1);
        MODEL.answerWith(request -> exchange -> {
            try {
                if (!release.await(90, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
            FakeOpenAiServer.Scenario answer = request.lastUserMessage().startsWith("fail")
                    ? MODEL.httpError(500, "The model broke") : MODEL.stream("Boo!");
            answer.answer(exchange);
        });
        return release;
    }

    private static HttpResponse<String> askOverRest(ServerInstance instance, String session, String message) {
        return instance.http().withTimeout(Duration.ofSeconds(60))
                .postJson("/api/v1/ghost/chat/" + session, "{\"message\":\"" + message + "\"}");
    }

    /** What one raw connection hears, read in order: its own replies and the session's answers. */
    private static final class Frames {

        private final RawClient client;

        // the ai_response and ai_error frames heard and not yet counted by awaitEnded
        private final List<String> ended = new ArrayList<>();

        Frames(RawClient client) {
            this.client = client;
        }

        /**
         * Asks through this connection and waits until the server has handled it: a ping sent after
         * it is answered after it, a client's frames being handled in order.
         *
         * @return the {@code error} refusing the question, or null when it was taken
         */
        @Nullable JsonNode ask(String requestId, String message) {
            this.client.sendCommand("ghost_chat", "{\"message\":\"" + message + "\",\"request_id\":\"" + requestId + "\"}");
            this.client.sendCommand("ping", "{}");
            JsonNode refusal = null;
            for (;;) {
                JsonNode frame = this.client.next();
                String type = frame.path("type").asString();
                if (type.equals("pong")) {
                    return refusal;
                }
                if (type.equals("error") && requestId.equals(frame.path("data").path("request_id").asString())) {
                    refusal = frame;
                }
                else {
                    heard(frame);
                }
            }
        }

        /** Waits until {@code count} answers ended, and returns how (and forgets them). */
        List<String> awaitEnded(int count) {
            while (this.ended.size() < count) {
                heard(this.client.next());
            }
            List<String> taken = new ArrayList<>(this.ended.subList(0, count));
            this.ended.subList(0, count).clear();
            return taken;
        }

        private void heard(JsonNode frame) {
            String type = frame.path("type").asString();
            assertThat(type).as(frame.toString()).isNotEqualTo("error");
            if (type.equals("ai_response") || type.equals("ai_error")) {
                this.ended.add(type);
            }
        }
    }
}
