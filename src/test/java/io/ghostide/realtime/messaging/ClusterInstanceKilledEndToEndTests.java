package io.ghostide.realtime.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.ServerProcess;
import io.ghostide.realtime.support.SessionTrail;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.connection.ClusterReports.nodes;
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

    @RegisterExtension
    static final RedisServerExtension cluster = new RedisServerExtension();

    @Test
    void aKilledInstanceCostsItsClientsOnlyAResumeOnTheSurvivor() throws Exception {
        // both report each second and count an instance gone after 8 s (the defaults: 5 s and 15 s)
        ServerInstance survivor = cluster.instance("survivor", TIMINGS);
        ServerProcess doomed = cluster.process("doomed", TIMINGS);
        assertThat(doomed.pid()).isNotEqualTo(ProcessHandle.current().pid());
        String session = "killed";

        RawClient rawOnDoomed = cluster.track(RawClient.connectWithPresence(doomed.port(), session));
        String epoch = rawOnDoomed.connectFrame().get("data").get("epoch").asString();
        StompClient stompOnDoomed = cluster.track(StompClient.connect(doomed.port()));
        StompClient.Subscription topicOnDoomed = stompOnDoomed.subscribe(topic(session, null, null), true);
        RawClient rawOnSurvivor = cluster.track(RawClient.connectWithPresence(survivor.port(), session));
        StompClient stompOnSurvivor = cluster.track(StompClient.connect(survivor.port()));
        StompClient.Subscription topicOnSurvivor = stompOnSurvivor.subscribe(topic(session, null, null), true);
        SessionTrail rawDoomedTrail = new SessionTrail("raw on the killed instance");
        SessionTrail stompDoomedTrail = new SessionTrail("STOMP on the killed instance");
        SessionTrail rawSurvivorTrail = new SessionTrail("raw on the survivor");
        SessionTrail stompSurvivorTrail = new SessionTrail("STOMP on the survivor");

        PacedPublisher publisher = cluster.track(PacedPublisher.through(survivor, session));
        rawDoomedTrail.readUntil(rawOnDoomed::next, 1);
        stompDoomedTrail.readUntil(topicOnDoomed::next, 1);
        rawSurvivorTrail.readUntil(rawOnSurvivor::next, 1);
        stompSurvivorTrail.readUntil(topicOnSurvivor::next, 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodes(survivor.json("/ws/status")))
                .containsExactlyInAnyOrder("survivor=2", "doomed=2"));

        doomed.kill();
        assertThat(doomed.isAlive()).isFalse();

        // the killed instance's clients see their connections end, and keep what they got
        assertThat(rawOnDoomed.closed().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().code()).isNotEqualTo(1000);
        rawDoomedTrail.readRest(rawOnDoomed::poll, Duration.ZERO);
        await().atMost(WAIT).until(() -> !stompOnDoomed.session().isConnected());
        stompDoomedTrail.readRest(topicOnDoomed::poll, Duration.ofMillis(200));

        // the survivor's clients go on as if nothing happened
        int afterKill = publisher.publishedCount() + 25;
        rawSurvivorTrail.readUntil(rawOnSurvivor::next, afterKill);
        stompSurvivorTrail.readUntil(topicOnSurvivor::next, afterKill);
        assertThat(rawOnSurvivor.closed()).isNotDone();
        assertThat(survivor.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        // and the killed instance's clients come back through the survivor
        RawClient rawBack = cluster.track(RawClient.connectWithPresence(survivor.port(),
                session + "?since=" + rawDoomedTrail.lastSeq() + "&epoch=" + epoch));
        assertThat(rawBack.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
        StompClient stompBack = cluster.track(StompClient.connect(survivor.port()));
        StompClient.Subscription topicBack = stompBack.subscribe(
                topic(session, Long.toString(stompDoomedTrail.lastSeq()), epoch), true);
        assertThat(topicBack.subscribed().get("data").get("recovered").asBoolean()).isTrue();

        // the dead instance drops out of the counts by itself (its report expires after the node timeout)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = survivor.json("/ws/status");
            assertThat(nodes(status)).containsExactly("survivor=4");
            assertThat(status.get("total_connections").asInt()).isEqualTo(4);
        });

        int last = publisher.stop();
        rawSurvivorTrail.readUntil(rawOnSurvivor::next, last);
        stompSurvivorTrail.readUntil(topicOnSurvivor::next, last);
        rawDoomedTrail.readUntil(rawBack::next, last);
        stompDoomedTrail.readUntil(topicBack::next, last);
        List<Integer> everyOne = IntStream.rangeClosed(1, last).boxed().toList();
        for (SessionTrail trail : List.of(rawDoomedTrail, stompDoomedTrail, rawSurvivorTrail, stompSurvivorTrail)) {
            trail.assertGapless();
            assertThat(trail.numbers()).as(trail.toString()).isEqualTo(everyOne);
            assertThat(trail.seqOfNumber()).isEqualTo(publisher.published());
        }
        assertThat(publisher.failures()).isEmpty();
    }
}
