package io.ghostide.realtime.presence;

import java.time.Duration;
import java.util.List;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.connection.ClusterReports;
import io.ghostide.realtime.connection.ConnectionLeftSession;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.StompClient;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.web.socket.WebSocketHttpHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances and one Redis share presence: a client on each sees the other in the list and
 * hears it join and leave, and the connections of an instance that stops reporting drop out and
 * are told gone; one that stops cleanly tells its own leaves.
 */
class ClusterPresenceEndToEndTests {

    /**
     * Every instance of the test reports each second and counts one gone after 8 s (the defaults
     * are 5 s and 15 s): a lost instance is told gone sooner, while a Redis paused for 4 s (as in
     * {@link #aLeaveThatRedisMissedIsDoneOnceItAnswersAgain}) still loses nobody.
     */
    private static final String[] TIMINGS = { "ghostide.cluster.heartbeat=1s", "ghostide.cluster.node-timeout=8s" };

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("presence", TIMINGS);

    @Test
    void presenceIsSharedByTwoInstances() {
        String session = "presence-shared";
        try (RawClient alice = RawClient.connectWithPresence(cluster.a().port(), session + "?name=alice")) {
            alice.nextOfType("presence_join");
            StompHeaders named = new StompHeaders();
            named.add("name", "bob");
            StompClient bob = StompClient.connect(cluster.b().port(), "", new WebSocketHttpHeaders(), named);
            try {
                bob.subscribe("/topic/session/" + session, true);
                JsonNode joined = alice.nextOfType("presence_join");
                assertThat(joined.get("data").get("user").asString()).isEqualTo("bob");
                assertThat(joined.get("data").get("transport").asString()).isEqualTo("stomp");
                for (ServerInstance server : List.of(cluster.a(), cluster.b())) {
                    assertThat(users(server, session)).containsExactly("alice", "bob");
                }
                // the presence command answers for the cluster too
                alice.send("{\"type\":\"presence\"}");
                assertThat(alice.nextOfType("presence").get("data").get("users").valueStream()
                        .map(user -> user.get("user").asString())).containsExactly("alice", "bob");
            }
            finally {
                bob.close();
            }
            JsonNode left = alice.nextOfType("presence_leave");
            assertThat(left.get("data").get("user").asString()).isEqualTo("bob");
            for (ServerInstance server : List.of(cluster.a(), cluster.b())) {
                assertThat(users(server, session)).containsExactly("alice");
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> users(cluster.b(), session).isEmpty());
    }

    @Test
    void theConnectionsOfAnInstanceThatStopsReportingDropOutAfterTheNodeTimeout() {
        String session = "presence-dead";
        try (ServerInstance c = ServerInstance.redis(cluster.redis(), "presence-c", TIMINGS);
                RawClient onB = RawClient.connectWithPresence(cluster.b().port(), session + "?name=survivor");
                RawClient onC = RawClient.connectWithPresence(c.port(), session + "?name=doomed")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> users(cluster.a(), session).size() == 2);
            assertThat(users(cluster.a(), session)).containsExactly("survivor", "doomed");
            assertThat(c.context().getBean(ClusterNode.class).id()).isEqualTo("presence-c");
            // as if killed: its connection report stops and nothing is cleaned up
            ClusterReports.halt(c);
            await().atMost(Duration.ofSeconds(60)).until(() -> users(cluster.a(), session).equals(List.of("survivor")));
            assertThat(users(cluster.b(), session)).containsExactly("survivor");
            // a survivor tells the session, once among the three instances that could
            JsonNode left = onB.nextMatching(frame -> "presence_leave".equals(frame.path("type").asString()),
                    Duration.ofSeconds(30));
            assertThat(left.get("data").get("user").asString()).isEqualTo("doomed");
            assertThat(left.get("data").get("connection_id").asString()).isEqualTo(onC.connectionId());
            assertThat(left.get("data").get("reason").asString()).isEqualTo("instance_lost");
            // the entry is out of Redis (taken atomically), so no later round can tell it again: a
            // window of three heartbeats, every survivor's reaper having run in it, is enough
            assertThat(framesOver(onB, HEARTBEAT.multipliedBy(3)))
                    .noneMatch(frame -> "presence_leave".equals(frame.path("type").asString()));
        }
    }

    @Test
    void anInstanceThatStopsCleanlyTellsItsLeavesBeforeItLetsGoOfRedis() {
        String session = "presence-stopped";
        ServerInstance c = ServerInstance.redis(cluster.redis(), "presence-stopping", TIMINGS);
        try (RawClient onB = RawClient.connectWithPresence(cluster.b().port(), session + "?name=stayer")) {
            onB.nextOfType("presence_join");
            RawClient onC = RawClient.connectWithPresence(c.port(), session + "?name=goer");
            JsonNode joined = onB.nextOfType("presence_join");
            assertThat(joined.get("data").get("user").asString()).isEqualTo("goer");
            // whatever is told of a leave before presence is, shutdown waits for it all
            c.context().addApplicationListener(new SlowLeaves());
            c.close();
            // told by the stopping instance itself: a survivor would say instance_lost, and only later
            JsonNode left = onB.nextOfType("presence_leave");
            assertThat(left.get("data").get("connection_id").asString()).isEqualTo(onC.connectionId());
            assertThat(left.get("data").get("reason").asString()).isNotEqualTo("instance_lost");
            assertThat(users(cluster.b(), session)).containsExactly("stayer");
            onC.close();
        }
        finally {
            ServerInstance.closeQuietly(c);
        }
    }

    @Test
    void theEntriesAnInstanceLeftBehindUnderItsOwnIdAreToldGoneByItsNextLife() {
        String session = "presence-reborn";
        try (RawClient onB = RawClient.connectWithPresence(cluster.b().port(), session + "?name=watcher")) {
            onB.nextOfType("presence_join");
            ServerInstance first = ServerInstance.redis(cluster.redis(), "presence-reborn", TIMINGS);
            RawClient ghost = RawClient.connectWithPresence(first.port(), session + "?name=ghost");
            assertThat(onB.nextOfType("presence_join").get("data").get("user").asString()).isEqualTo("ghost");
            // as if killed (its report stops, nothing is cleaned up) and started again under the same id at once
            ClusterReports.halt(first);
            try (ServerInstance second = ServerInstance.redis(cluster.redis(), "presence-reborn", TIMINGS)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> users(cluster.b(), session).equals(List.of("watcher")));
                JsonNode left = onB.nextMatching(frame -> "presence_leave".equals(frame.path("type").asString()),
                        Duration.ofSeconds(30));
                assertThat(left.get("data").get("connection_id").asString()).isEqualTo(ghost.connectionId());
                assertThat(left.get("data").get("reason").asString()).isEqualTo("instance_lost");
            }
            finally {
                ghost.close();
                ServerInstance.closeQuietly(first);
            }
        }
    }

    @Test
    void aLeaveThatRedisMissedIsDoneOnceItAnswersAgain() {
        String session = "presence-missed";
        try (RawClient stayer = RawClient.connectWithPresence(cluster.b().port(), session + "?name=stayer")) {
            RawClient leaver = RawClient.connectWithPresence(cluster.a().port(), session + "?name=leaver");
            await().atMost(Duration.ofSeconds(10)).until(() -> users(cluster.b(), session).size() == 2);
            // Redis stops answering for longer than a command may wait (2 s) while the leaver goes
            assertThat(cluster.redis().command("CLIENT PAUSE 4000 ALL")).isEqualTo("+OK");
            leaver.close();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> users(cluster.b(), session).equals(List.of("stayer", "leaver")));
            // the next use of presence on A removes what it could not
            assertThat(users(cluster.a(), session)).containsExactly("stayer");
            assertThat(users(cluster.b(), session)).containsExactly("stayer");
        }
    }

    /** Hears each leave first, and takes its time. */
    private static final class SlowLeaves
            implements ApplicationListener<PayloadApplicationEvent<ConnectionLeftSession>>, Ordered {

        @Override
        public void onApplicationEvent(PayloadApplicationEvent<ConnectionLeftSession> event) {
            try {
                Thread.sleep(1000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    // every frame that arrives within the time, for asserting what does not come
    private static List<JsonNode> framesOver(RawClient client, Duration time) {
        List<JsonNode> frames = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + time.toNanos();
        try {
            for (long left = time.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode frame = client.poll(Duration.ofNanos(left));
                if (frame != null) {
                    frames.add(frame);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return frames;
    }

    private static List<String> users(ServerInstance server, String session) {
        JsonNode presence = JSON.readTree(server.get("/ws/sessions/" + session + "/presence").body());
        return presence.get("users").valueStream().map(user -> user.get("user").asString()).toList();
    }
}
