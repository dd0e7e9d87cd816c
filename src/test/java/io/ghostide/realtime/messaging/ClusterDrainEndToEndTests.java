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
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.SessionTrail;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final RedisServerExtension cluster = new RedisServerExtension();

    @Test
    void aDrainingInstanceGoesUnreadyBeforeHandingItsClientsOver() throws Exception {
        ServerInstance a = cluster.instance("drain-a", "ghostide.cluster.drain-delay=" + DRAIN.toMillis() + "ms");
        ServerInstance b = cluster.instance("drain-b");
        String session = "draining";
        RawClient raw = cluster.track(RawClient.connectWithPresence(a.port(), session));
        String epoch = raw.connectFrame().get("data").get("epoch").asString();
        StompClient stomp = cluster.track(StompClient.connect(a.port()));
        StompClient.Subscription topic = stomp.subscribe(topic(session, null, null), true);
        StompClient.Subscription replies = stomp.subscribe("/user/queue/replies");
        assertThat(topic.subscribed().get("data").get("epoch").asString()).isEqualTo(epoch);
        SessionTrail rawTrail = new SessionTrail("raw");
        SessionTrail stompTrail = new SessionTrail("stomp");

        PacedPublisher publisher = cluster.track(PacedPublisher.through(b, session));
        rawTrail.readUntil(raw::next, 1);
        stompTrail.readUntil(topic::next, 1);

        // the load balancer's view: when A's readiness first answers anything but 200
        assertThat(a.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        AtomicLong readinessDownAt = new AtomicLong();
        ScheduledExecutorService readinessChecks = Executors.newSingleThreadScheduledExecutor();
        cluster.track(readinessChecks::shutdownNow);
        readinessChecks.scheduleAtFixedRate(() -> {
            try {
                if (readinessDownAt.get() == 0 && a.get("/actuator/health/readiness").statusCode() != 200) {
                    readinessDownAt.set(System.nanoTime());
                }
            }
            catch (RuntimeException ex) {
                // the server has gone: nothing more to see
            }
        }, 0, 20, TimeUnit.MILLISECONDS);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(a::close);

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
        rawTrail.readRest(raw::poll, Duration.ZERO);
        await().atMost(WAIT).until(() -> !stomp.session().isConnected());
        stompTrail.readRest(topic::poll, Duration.ofMillis(200));
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // both come back through the other instance with their resume point
        RawClient rawAgain = cluster.track(
                RawClient.connectWithPresence(b.port(), session + "?since=" + rawTrail.lastSeq() + "&epoch=" + epoch));
        assertThat(rawAgain.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
        StompClient stompAgain = cluster.track(StompClient.connect(b.port()));
        StompClient.Subscription topicAgain = stompAgain.subscribe(
                topic(session, Long.toString(stompTrail.lastSeq()), epoch), true);
        assertThat(topicAgain.subscribed().get("data").get("recovered").asBoolean()).isTrue();

        // the publisher goes on for a while after the resume: replay and live meet with no gap
        int published = publisher.publishedCount();
        await().atMost(WAIT).until(() -> publisher.publishedCount() >= published + 20);
        int last = publisher.stop();
        rawTrail.readUntil(rawAgain::next, last);
        stompTrail.readUntil(topicAgain::next, last);

        List<Integer> everyOne = IntStream.rangeClosed(1, last).boxed().toList();
        for (SessionTrail trail : List.of(rawTrail, stompTrail)) {
            trail.assertGapless();
            assertThat(trail.numbers()).as(trail.toString()).isEqualTo(everyOne);
        }
        assertThat(publisher.refused()).isEmpty();
        assertThat(publisher.failures()).isEmpty();
    }
}
