package io.ghostide.realtime.editing;

import java.time.Duration;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.SessionUpdateType;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.editing.EditingClients.isType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code awareness}: passed on to the session now, without a seq, never kept or replayed. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.workspace.data-dir=${java.io.tmpdir}/ghostide-tests-${random.uuid}",
        "ghostide.workspace.max-file-size=2KB", "ghostide.ghost.reactions.on-save=false" })
class AwarenessEndToEndTests {

    private static final Duration QUIET = Duration.ofMillis(300);

    private static final String CURSOR = "{\"type\":\"awareness\",\"data\":{\"file_name\":\"a.py\","
            + "\"selection\":{\"anchor\":1,\"head\":3},\"status\":\"typing\"}}";

    @LocalServerPort
    int port;

    @Autowired
    ConnectionRegistry connections;

    @Autowired
    ReaderPacing pacing;

    @Autowired
    MessageRouter router;

    @Test
    void awarenessReachesEverySubscriberOutsideTheSessionLog() throws Exception {
        String epoch;
        try (RawClient ann = RawClient.connect(this.port, "aware?name=ann");
                StompClient stomp = StompClient.connect(this.port)) {
            epoch = ann.connectFrame().get("data").get("epoch").asString();
            StompClient.Subscription topic = stomp.subscribe("/topic/session/aware");
            ann.send(CURSOR);
            JsonNode heard = topic.nextOfType("awareness");
            assertThat(heard.has("seq")).isFalse();
            assertThat(heard.get("data").toString()).isEqualTo("{\"user\":\"ann\",\"connection_id\":\"" + ann.connectionId()
                    + "\",\"file_name\":\"a.py\",\"selection\":{\"anchor\":1,\"head\":3},\"status\":\"typing\"}");
            assertThat(ann.nextOfType("awareness").get("data").get("connection_id").asString()).isEqualTo(ann.connectionId());
            // a cursor alone, without a selection or status
            ann.send("{\"type\":\"awareness\",\"data\":{\"file_name\":\"a.py\"}}");
            JsonNode bare = topic.nextOfType("awareness");
            assertThat(bare.get("data").get("selection").isNull()).isTrue();
        }
        try (RawClient later = RawClient.connect(this.port, "aware?since=0&epoch=" + epoch)) {
            assertThat(later.connectFrame().get("data").get("recovered").asBoolean()).isTrue();
            JsonNode frame;
            while ((frame = later.poll(QUIET)) != null) {
                assertThat(frame.get("type").asString()).isNotEqualTo("awareness");
            }
        }
    }

    @Test
    void aConnectionThatIsBehindMissesAwarenessInsteadOfQueueingIt() throws Exception {
        Set<String> before = new HashSet<>(this.connections.connectionIds());
        try (RawClient stalled = RawClient.connectNotReading(this.port, "aware-slow");
                RawClient ann = RawClient.connect(this.port, "aware-slow")) {
            Set<String> added = new HashSet<>(this.connections.connectionIds());
            added.removeAll(before);
            added.remove(ann.connectionId());
            assertThat(added).hasSize(1);
            String stalledId = added.iterator().next();
            // fill what the socket takes, until the server queues for the stalled reader (well under its send buffer)
            String filler = "x".repeat(64 * 1024);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> {
                this.router.publishSessionUpdate("aware-slow", SessionUpdateType.FILE_UPDATED, Map.of("filler", filler));
                return this.pacing.queued(stalledId) >= 32 * 1024;
            });
            long queued = this.pacing.queued(stalledId);
            ann.send(CURSOR);
            ann.nextOfType("awareness");
            assertThat(this.pacing.queued(stalledId)).as("nothing more queued for the stalled reader").isEqualTo(queued);
        }
    }

    @Test
    void aConnectionOutsideTheSessionMayNotSayWhereItIs() throws Exception {
        try (StompClient stranger = StompClient.connect(this.port); RawClient member = RawClient.connect(this.port, "aware-out")) {
            StompClient.Subscription replies = stranger.subscribe("/user/queue/replies");
            stranger.send("/app/session/aware-out", CURSOR);
            JsonNode refused = replies.nextOfType("error");
            assertThat(refused.get("data").get("code").asInt()).isEqualTo(409);
            assertThat(member.poll(QUIET)).isNull();
        }
    }

    @Test
    void badAwarenessIsRefusedToItsSenderAlone() throws Exception {
        try (RawClient sender = RawClient.connect(this.port, "aware-bad"); RawClient other = RawClient.connect(this.port, "aware-bad")) {
            for (String data : new String[] { "{\"file_name\":\"a.py\",\"selection\":{\"anchor\":-1,\"head\":0}}",
                    "{\"file_name\":\"a.py\",\"status\":\"" + "x".repeat(65) + "\"}", "{\"file_name\":\"../a\"}", "{}",
                    "{\"file_name\":\"a.py\",\"selection\":{\"anchor\":\"one\",\"head\":0}}" }) {
                sender.sendCommand("awareness", data);
                JsonNode error = sender.nextMatching(frame -> isType(frame, "error"), RawClient.TIMEOUT);
                assertThat(error.get("data").get("code").asInt()).as(data).isEqualTo(400);
            }
            assertThat(other.poll(QUIET)).isNull();
        }
    }
}
