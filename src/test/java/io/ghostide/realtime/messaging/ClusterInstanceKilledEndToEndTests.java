package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.ServerProcess;
import io.ghostide.realtime.support.SessionTrail;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.StompClient.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance killed with SIGKILL, a real process of its own beside an instance in this JVM:
 * only its own connections go. The survivor's clients never notice, the survivor's counts drop
 * the dead instance within the node timeout, and the dead instance's clients reconnect to the
 * survivor and resume with nothing lost.
 */
class ClusterInstanceKilledEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String[] TIMINGS = { "ghostide.cluster.heartbeat=1s", "ghostide.cluster.node-timeout=8s" };

    @Test
    void aKilledInstanceCostsItsClientsOnlyAResumeOnTheSurvivor() throws Exception {
        RedisServer redis = RedisServer.start();
        ServerInstance survivor = null;
        ServerProcess doomed = null;
        RawClient rawOnDoomed = null;
        StompClient stompOnDoomed = null;
        RawClient rawOnSurvivor = null;
        StompClient stompOnSurvivor = null;
        RawClient rawBack = null;
        StompClient stompBack = null;
        PacedPublisher publisher = null;
        try {
            // both report each second and count an instance gone after 8 s (the defaults: 5 s and 15 s)
            survivor = ServerInstance.redis(redis, "survivor", TIMINGS);
            doomed = ServerProcess.redis(redis, "doomed", TIMINGS);
            assertThat(doomed.pid()).isNotEqualTo(ProcessHandle.current().pid());
            String session = "killed";

            rawOnDoomed = RawClient.connectWithPresence(doomed.port(), session);
            String epoch = rawOnDoomed.connectFrame().get("data").get("epoch").asString();
            stompOnDoomed = StompClient.connect(doomed.port());
            StompClient.Subscription topicOnDoomed = stompOnDoomed.subscribe(topic(session, null, null), true);
            rawOnSurvivor = RawClient.connectWithPresence(survivor.port(), session);
            stompOnSurvivor = StompClient.connect(survivor.port());
            StompClient.Subscription topicOnSurvivor = stompOnSurvivor.subscribe(topic(session, null, null), true);
            SessionTrail rawDoomedTrail = new SessionTrail("raw on the killed instance");
            SessionTrail stompDoomedTrail = new SessionTrail("STOMP on the killed instance");
            SessionTrail rawSurvivorTrail = new SessionTrail("raw on the survivor");
            SessionTrail stompSurvivorTrail = new SessionTrail("STOMP on the survivor");

            publisher = new PacedPublisher(survivor.context().getBean(MessageRouter.class), session, Duration.ofMillis(20));
            readUntil(rawDoomedTrail, rawOnDoomed::next, 1);
            readUntil(stompDoomedTrail, topicOnDoomed::next, 1);
            readUntil(rawSurvivorTrail, rawOnSurvivor::next, 1);
            readUntil(stompSurvivorTrail, topicOnSurvivor::next, 1);
            ServerInstance counting = survivor;
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodes(counting.json("/ws/status")))
                    .containsExactlyInAnyOrder("survivor=2", "doomed=2"));

            doomed.kill();
            assertThat(doomed.isAlive()).isFalse();

            // the killed instance's clients see their connections end, and keep what they got
            assertThat(rawOnDoomed.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isNotEqualTo(1000);
            for (JsonNode frame; (frame = rawOnDoomed.poll(Duration.ZERO)) != null;) {
                rawDoomedTrail.add(frame);
            }
            StompClient lost = stompOnDoomed;
            await().atMost(WAIT).until(() -> !lost.session().isConnected());
            for (JsonNode frame; (frame = topicOnDoomed.poll(Duration.ofMillis(200))) != null;) {
                stompDoomedTrail.add(frame);
            }

            // the survivor's clients go on as if nothing happened
            int afterKill = publisher.publishedCount() + 25;
            readUntil(rawSurvivorTrail, rawOnSurvivor::next, afterKill);
            readUntil(stompSurvivorTrail, topicOnSurvivor::next, afterKill);
            assertThat(rawOnSurvivor.closed()).isNotDone();
            assertThat(survivor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

            // and the killed instance's clients come back through the survivor
            rawBack = RawClient.connectWithPresence(survivor.port(),
                    session + "?since=" + rawDoomedTrail.lastSeq() + "&epoch=" + epoch);
            assertThat(rawBack.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
            stompBack = StompClient.connect(survivor.port());
            StompClient.Subscription topicBack = stompBack.subscribe(
                    topic(session, Long.toString(stompDoomedTrail.lastSeq()), epoch), true);
            assertThat(topicBack.subscribed().get("data").get("recovered").asBoolean()).isTrue();

            // the dead instance drops out of the counts by itself (its report expires after the node timeout)
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = counting.json("/ws/status");
                assertThat(nodes(status)).containsExactly("survivor=4");
                assertThat(status.get("total_connections").asInt()).isEqualTo(4);
            });

            int last = publisher.stop();
            readUntil(rawSurvivorTrail, rawOnSurvivor::next, last);
            readUntil(stompSurvivorTrail, topicOnSurvivor::next, last);
            readUntil(rawDoomedTrail, rawBack::next, last);
            readUntil(stompDoomedTrail, topicBack::next, last);
            List<Integer> everyOne = IntStream.rangeClosed(1, last).boxed().toList();
            for (SessionTrail trail : List.of(rawDoomedTrail, stompDoomedTrail, rawSurvivorTrail, stompSurvivorTrail)) {
                trail.assertGapless();
                assertThat(trail.numbers()).as(trail.toString()).isEqualTo(everyOne);
                assertThat(trail.seqOfNumber()).isEqualTo(publisher.published());
            }
            assertThat(publisher.failures()).isEmpty();
        }
        finally {
            ServerInstance.closeQuietly(publisher, rawOnDoomed, stompOnDoomed, rawOnSurvivor, stompOnSurvivor, rawBack,
                    stompBack, doomed, survivor, redis);
        }
    }

    /** Reads frames into the trail until it holds the publisher's message {@code n}. */
    static void readUntil(SessionTrail trail, java.util.function.Function<Duration, JsonNode> next, int n) {
        while (trail.lastNumber() < n) {
            trail.add(next.apply(WAIT));
        }
    }

    private static List<String> nodes(JsonNode response) {
        return response.get("nodes").valueStream()
                .map(node -> node.get("node_id").asString() + "=" + node.get("connections").asInt())
                .toList();
    }
}
