package io.ghostide.realtime.limits;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract's token buckets with real clients, on both transports and REST: a command over
 * its limit is refused to its sender alone with 429 and {@code retry_after_ms}, a connection
 * that keeps pushing is closed with 1008 {@code rate_limited}, and REST answers 429 with
 * {@code Retry-After}. Close-after is 2 s and the sweep interval 1 s here so the tests are
 * short. Every REST call of the class comes from one address, so one bucket: the test that
 * needs it full runs first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.rate-limit.close-after=2s", "ghostide.rate-limit.sweep-interval=1s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitsEndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    RateLimiter limiter;

    @Autowired
    MeterRegistry meters;

    @Test
    void aBurstOfPingsBeyondFortyIsRefusedToTheSenderAloneWithRetryAfter() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "rate-burst");
                RawClient neighbour = RawClient.connect(this.port, "rate-burst")) {
            int sent = 150;
            long started = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                sender.sendCommand("ping", "{\"request_id\":\"p-" + i + "\"}");
            }
            int pongs = 0;
            List<JsonNode> refusals = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                JsonNode frame = sender.next();
                if (frame.path("type").asString().equals("pong")) {
                    pongs++;
                }
                else {
                    assertThat(frame.path("type").asString()).isEqualTo("error");
                    // replies come in the order of the frames: the i-th answers ping p-i
                    assertThat(frame.path("data").path("request_id").asString()).isEqualTo("p-" + i);
                    refusals.add(frame);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // 40 at once, and 20 a second for as long as the test took to send and read them
            assertThat(pongs).isBetween(40, 40 + (int) Math.ceil(20 * seconds));
            assertThat(refusals).hasSize(sent - pongs).isNotEmpty();
            JsonNode data = refusals.get(0).path("data");
            assertThat(data.path("code").asInt()).isEqualTo(429);
            assertThat(data.path("retry_after_ms").asLong()).isBetween(1L, 1000L);
            assertThat(refusals.get(0).has("seq")).isFalse();
            assertThat(neighbour.poll(Duration.ofMillis(300))).isNull();

            // once the bucket has refilled, the same connection is served again
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                sender.sendCommand("ping", "{}");
                assertThat(sender.next().path("type").asString()).isEqualTo("pong");
            });
        }
    }

    @Test
    void executeCodeHasItsOwnSmallerBucketOnStomp() {
        // a loaded machine may miss the client's 5 s connect timeout: the limits are what is tested here
        StompClient connected = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> StompClient.connect(this.port), java.util.Objects::nonNull);
        try (StompClient client = connected) {
            StompClient.Subscription replies = client.subscribe("/user/queue/replies");
            // an unknown language is refused after the limit is taken: nothing runs, the bucket still counts
            for (int i = 0; i < 10; i++) {
                client.send("/app/session/rate-stomp", "{\"type\":\"execute_code\",\"data\":{\"code\":\"print(1)\","
                        + "\"language\":\"cobol\"}}");
            }
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                codes.add(replies.nextOfType("error").path("data").path("code").asInt());
            }
            assertThat(codes.subList(0, 5)).doesNotContain(429);
            assertThat(codes.stream().filter(code -> code == 429).count()).isGreaterThanOrEqualTo(3);
            // pings still go: execute_code's bucket is not the overall one
            client.send("/app/session/rate-stomp", "{\"type\":\"ping\",\"data\":{}}");
            assertThat(replies.nextOfType("pong")).isNotNull();
        }
    }

    @Test
    void aConnectionThatKeepsPushingIsClosedWith1008RateLimited() throws Exception {
        double closedBefore = closedForRate();
        try (RawClient flooder = RawClient.connect(this.port, "rate-flood");
                RawClient neighbour = RawClient.connect(this.port, "rate-flood")) {
            long started = System.nanoTime();
            JsonNode disconnect = null;
            // far over the limit (20 a second), but reading what comes between sends, as a client that wants to
            // hear why it is cut: one that never reads may have the close reset under its unread frames
            while (disconnect == null && System.nanoTime() - started < Duration.ofSeconds(15).toNanos()) {
                try {
                    flooder.sendCommand("ping", "{}");
                }
                catch (java.util.concurrent.CompletionException ex) {
                    // the close came between the check below and this send; the disconnect is queued before it
                    break;
                }
                for (JsonNode frame = flooder.poll(Duration.ofMillis(2)); frame != null; frame = flooder.poll(Duration.ZERO)) {
                    if (frame.path("type").asString().equals("disconnect")) {
                        disconnect = frame;
                    }
                }
                if (flooder.closed().isDone()) {
                    break;
                }
            }
            // a send that meets the server's close can get a reset (code -1 here), which loses what the client
            // had not read yet; only then is the disconnect not asked for, and the server's count below tells
            boolean reset = flooder.closed().isDone() && flooder.closed().join().code() == -1;
            if (disconnect == null && !reset) {
                disconnect = flooder.nextOfType("disconnect");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (disconnect != null) {
                assertThat(disconnect.path("data").path("code").asInt()).isEqualTo(1008);
                assertThat(disconnect.path("data").path("reason").asString()).isEqualTo("rate_limited");
            }
            if (!reset) {
                assertThat(flooder.closed().get(5, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo(1008);
            }
            // close-after is 2 s: not before it (how soon after is bounded by the waits above, not timed)
            assertThat(seconds).isGreaterThanOrEqualTo(1.9);
            // the neighbour in the same session heard nothing of it, and stays
            neighbour.sendCommand("ping", "{}");
            assertThat(neighbour.nextOfType("pong")).isNotNull();
        }
        // counted once, as the server's own close
        await().atMost(Duration.ofSeconds(15)).until(() -> closedForRate() >= closedBefore + 1);
        assertThat(closedForRate()).isEqualTo(closedBefore + 1);
    }

    private double closedForRate() {
        return this.meters.get("ghostide.connections.closed").tag("reason", CloseReason.RATE_LIMITED.tag()).counter().count();
    }

    @Test
    @Order(1)
    void restRunsOverTheLimitGet429WithRetryAfterAsAProblemDetail() throws Exception {
        int sent = 20;
        long started = System.nanoTime();
        List<HttpResponse<String>> responses = IntStream.range(0, sent)
                .mapToObj(i -> postAsync("/api/v1/execution/execute/websocket",
                        "{\"session_id\":\"rate-rest\",\"language\":\"cobol\",\"code\":\"x\"}"))
                .toList().stream().map(CompletableFuture::join).toList();
        double seconds = (System.nanoTime() - started) / 1e9;
        List<HttpResponse<String>> refused = responses.stream().filter(response -> response.statusCode() == 429).toList();
        // a burst of 5 and 2 a second
        assertThat(sent - refused.size()).isBetween(5, 5 + (int) Math.ceil(2 * seconds));
        assertThat(refused).isNotEmpty();
        HttpResponse<String> first = refused.get(0);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        JsonNode problem = JSON.readTree(first.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("retry_after_ms").asLong()).isPositive();

        // ghost chat has its own bucket of 3: the 4th at once is refused, though runs were refused too
        List<Integer> chats = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            chats.add(post("/api/v1/ghost/chat/rate-rest", "{\"message\":\"\"}").statusCode());
        }
        assertThat(chats.subList(0, 3)).doesNotContain(429);
        assertThat(chats).contains(429);
    }

    /** A client that sends runs one after another and waits out each 429's retry time is served every time. */
    @Test
    @Order(2)
    void aRestClientThatWaitsOutRetryAfterHasEveryRunServed() {
        List<List<Integer>> runs = politeRuns("rate-polite", 12);
        assertThat(runs).allSatisfy(statuses -> assertThat(statuses).last().isEqualTo(200));
        // the retry time is true: a request sent once it has passed is not refused again
        assertThat(runs).allSatisfy(statuses -> assertThat(statuses.size()).isLessThanOrEqualTo(2));
    }

    /** A REST run answered 429 was not run: the session heard one execution_start per 200, no more. */
    @Test
    @Order(3)
    void aRefusedRestRunIsNotRun() {
        String body = "{\"session_id\":\"rate-not-run\",\"language\":\"python\",\"code\":\"print(1)\"}";
        try (RawClient watcher = RawClient.connect(this.port, "rate-not-run")) {
            // one served as a polite client is, then ten at once, twice the burst: some are refused
            // however slowly the runs go
            List<Integer> statuses = new ArrayList<>(politeRuns("rate-not-run", 1).get(0));
            IntStream.range(0, 10).mapToObj(i -> postAsync("/api/v1/execution/execute/websocket", body)).toList()
                    .forEach(response -> statuses.add(response.join().statusCode()));
            long served = statuses.stream().filter(status -> status == 200).count();
            assertThat(statuses).contains(200, 429).isSubsetOf(200, 429, 503);
            List<String> types = new ArrayList<>();
            while (types.stream().filter("execution_complete"::equals).count() < served) {
                types.add(watcher.next().path("type").asString());
            }
            // every served run completed before its answer; a refused run that ran anyway would show by now
            for (JsonNode frame = pollQuietly(watcher); frame != null; frame = pollQuietly(watcher)) {
                types.add(frame.path("type").asString());
            }
            assertThat(types.stream().filter("execution_start"::equals).count()).isEqualTo(served);
            assertThat(types.stream().filter("execution_complete"::equals).count()).isEqualTo(served);
        }
    }

    /**
     * Runs {@code print(1)} {@code count} times, each after the previous answer, as a polite client
     * does: a 429 is sent again once its {@code retry_after_ms} has passed, at most three times.
     * Gives each run's statuses in order.
     */
    private List<List<Integer>> politeRuns(String sessionId, int count) {
        String body = "{\"session_id\":\"" + sessionId + "\",\"language\":\"python\",\"code\":\"print(1)\"}";
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < count; run++) {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> response = post("/api/v1/execution/execute/websocket", body);
            statuses.add(response.statusCode());
            while (response.statusCode() == 429 && statuses.size() < 4) {
                long retryAfter = JSON.readTree(response.body()).path("retry_after_ms").asLong();
                assertThat(retryAfter).isBetween(1L, 1000L);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                response = CompletableFuture.supplyAsync(() -> post("/api/v1/execution/execute/websocket", body),
                        CompletableFuture.delayedExecutor(retryAfter, TimeUnit.MILLISECONDS)).join();
                statuses.add(response.statusCode());
            }
            runs.add(statuses);
        }
        return runs;
    }

    private static JsonNode pollQuietly(RawClient client) {
        try {
            return client.poll(Duration.ofSeconds(2));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void bucketMemoryIsBoundedByForgettingIdleClients() {
        for (int i = 0; i < 1000; i++) {
            this.limiter.forRestClient("address:test-" + i, RateLimiter.Action.OTHER);
        }
        // a sweep during the loop may forget earlier tests' idle clients, never these
        assertThat(this.limiter.trackedClients()).isGreaterThanOrEqualTo(1000);
        // idle for longer than a bucket takes to refill (4 s with the defaults, an upgrade bucket's), plus a
        // second, plus the sweep period (1 s here)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            this.limiter.forRestClient("address:sweeper", RateLimiter.Action.OTHER);
            assertThat(this.limiter.trackedClients()).isLessThan(10);
        });
    }

    private HttpResponse<String> post(String path, String json) {
        return postAsync(path, json).join();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return Http.on(this.port).postJsonAsync(path, json);
    }
}
