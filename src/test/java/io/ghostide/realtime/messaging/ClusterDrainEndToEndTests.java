package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.SessionTrail;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.StompClient.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown behind a load balancer, with two instances on one Redis: readiness goes
 * down first and the instance keeps serving for the drain delay; then its clients, raw and STOMP,
 * hear {@code disconnect} 1001, reconnect to the other instance with their resume point and get
 * every message exactly once, in {@code seq} order, while a publisher on the other instance never
 * stopped.
 */
class ClusterDrainEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Duration DRAIN = Duration.ofSeconds(2);

    @Test
    void aDrainingInstanceGoesUnreadyBeforeHandingItsClientsOver() throws Exception {
        RedisServer redis = RedisServer.start();
        ServerInstance a = null;
        ServerInstance b = null;
        RawClient raw = null;
        RawClient rawAgain = null;
        StompClient stomp = null;
        StompClient stompAgain = null;
        PacedPublisher publisher = null;
        ScheduledExecutorService readinessChecks = Executors.newSingleThreadScheduledExecutor();
        try {
            a = ServerInstance.redis(redis, "drain-a", "ghostide.cluster.drain-delay=" + DRAIN.toMillis() + "ms");
            b = ServerInstance.redis(redis, "drain-b");
            String session = "draining";
            raw = RawClient.connectWithPresence(a.port(), session);
            String epoch = raw.connectFrame().get("data").get("epoch").asString();
            stomp = StompClient.connect(a.port());
            StompClient.Subscription topic = stomp.subscribe(topic(session, null, null), true);
            StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
            assertThat(topic.subscribed().get("data").get("epoch").asString()).isEqualTo(epoch);
            SessionTrail rawTrail = new SessionTrail("raw");
            SessionTrail stompTrail = new SessionTrail("stomp");

            publisher = new PacedPublisher(b.context().getBean(MessageRouter.class), session, Duration.ofMillis(20));
            while (rawTrail.lastNumber() == 0) {
                rawTrail.add(raw.next(WAIT));
            }
            while (stompTrail.lastNumber() == 0) {
                stompTrail.add(topic.next(WAIT));
            }

            // the load balancer's view: when A's readiness first answers anything but 200
            ServerInstance draining = a;
            assertThat(draining.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            AtomicLong readinessDownAt = new AtomicLong();
            readinessChecks.scheduleAtFixedRate(() -> {
                try {
                    if (readinessDownAt.get() == 0 && draining.get("/actuator/health/readiness").statusCode() != 200) {
                        readinessDownAt.set(System.nanoTime());
                    }
                }
                catch (RuntimeException ex) {
                    // the server has gone: nothing more to see
                }
            }, 0, 20, TimeUnit.MILLISECONDS);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);

            int servedWhileDraining = 0;
            long rawDisconnectAt;
            for (;;) {
                JsonNode frame = raw.next(WAIT);
                if ("disconnect".equals(frame.path("type").asString())) {
                    rawDisconnectAt = System.nanoTime();
                    assertThat(frame.get("data").get("code").asInt()).isEqualTo(1001);
                    assertThat(frame.get("data").get("reason").asString()).isEqualTo("Server is shutting down");
                    break;
                }
                if (readinessDownAt.get() != 0 && frame.has("seq")) {
                    servedWhileDraining++;
                }
                rawTrail.add(frame);
            }
            JsonNode stompDisconnect = replies.nextOfType("disconnect");
            long stompDisconnectAt = System.nanoTime();
            assertThat(stompDisconnect.get("data").get("code").asInt()).isEqualTo(1001);

            assertThat(readinessDownAt.get()).as("readiness reported down before the disconnect").isNotZero()
                    .isLessThan(rawDisconnectAt).isLessThan(stompDisconnectAt);
            assertThat(servedWhileDraining).as("messages delivered while draining").isPositive();

            // whatever arrived before the close is the client's too
            assertThat(raw.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isEqualTo(1001);
            for (JsonNode frame; (frame = raw.poll(Duration.ZERO)) != null;) {
                rawTrail.add(frame);
            }
            StompClient leaving = stomp;
            await().atMost(WAIT).until(() -> !leaving.session().isConnected());
            for (JsonNode frame; (frame = topic.poll(Duration.ofMillis(200))) != null;) {
                stompTrail.add(frame);
            }
            closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // both come back through the other instance with their resume point
            rawAgain = RawClient.connectWithPresence(b.port(), session + "?since=" + rawTrail.lastSeq() + "&epoch=" + epoch);
            assertThat(rawAgain.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
            stompAgain = StompClient.connect(b.port());
            StompClient.Subscription topicAgain = stompAgain.subscribe(
                    topic(session, Long.toString(stompTrail.lastSeq()), epoch), true);
            assertThat(topicAgain.subscribed().get("data").get("recovered").asBoolean()).isTrue();

            // the publisher goes on for a while after the resume: replay and live meet with no gap
            PacedPublisher running = publisher;
            int published = running.publishedCount();
            await().atMost(WAIT).until(() -> running.publishedCount() >= published + 20);
            int last = publisher.stop();
            while (rawTrail.lastNumber() < last) {
                rawTrail.add(rawAgain.next(WAIT));
            }
            while (stompTrail.lastNumber() < last) {
                stompTrail.add(topicAgain.next(WAIT));
            }

            List<Integer> everyOne = IntStream.rangeClosed(1, last).boxed().toList();
            for (SessionTrail trail : List.of(rawTrail, stompTrail)) {
                trail.assertGapless();
                assertThat(trail.numbers()).as(trail.toString()).isEqualTo(everyOne);
            }
            assertThat(publisher.refused()).isEmpty();
            assertThat(publisher.failures()).isEmpty();
        }
        finally {
            readinessChecks.shutdownNow();
            ServerInstance.closeQuietly(publisher, raw, rawAgain, stomp, stompAgain, b, a, redis);
        }
    }
}
