package io.ghostide.realtime.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.StreamType;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session_state} in {@code redis} mode, two instances on one real {@code redis-server}:
 * an instance's state includes what was saved and who joined through the other, and snapshots
 * taken on both while both publish are each the state at their {@code seq}, as a client that
 * followed the session from its start on one instance holds it. Each instance follows the
 * session from its first subscriber on; the test has one on each before anything runs.
 */
class ClusterSessionStateEndToEndTests {

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("state", "ghostide.connection.max-per-session=100",
            "ghostide.connection.max-per-session-per-user=100", "ghostide.rate-limit.overall-per-second=1000",
            "ghostide.rate-limit.overall-burst=1000");

    private static final String END = "end.txt";

    private static void save(ServerInstance instance, String session, String name, String content) {
        try {
            HttpProbe.Response saved = HttpProbe.request(instance.port(), "PUT", "/api/v1/sessions/" + session + "/files/"
                    + name, content, "Content-Type", "text/plain");
            assertThat(saved.status()).as(saved.body()).isBetween(200, 201);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A file saved and a client joined through one instance are in the state the other sends. */
    @Test
    void theStateOnOneInstanceHoldsWhatTheOtherDid() {
        String session = "state-cluster-" + Long.toHexString(System.nanoTime());
        save(cluster.a(), session, "shared.py", "print(1)");
        try (RawClient onA = RawClient.connectWithPresence(cluster.a().port(), session + "?name=ada")) {
            onA.nextOfType("presence_join");
            try (RawClient onB = RawClient.connect(cluster.b().port(), session + "?state=true")) {
                JsonNode state = onB.next();
                assertThat(state.get("type").asString()).isEqualTo("session_state");
                assertThat(state.get("data").get("seq").asLong()).isEqualTo(onB.connectFrame().get("data").get("seq").asLong());
                assertThat(state.get("data").get("files").findValuesAsString("file_name")).containsExactly("shared.py");
                assertThat(state.get("data").get("users").findValuesAsString("user")).containsExactly("ada");
            }
        }
    }

    /** Snapshots on both instances while both publish: each is the followed state at its seq, and catches up to the end. */
    @Test
    void snapshotsOnBothInstancesAreTheStateAtTheirSeq() throws Exception {
        String session = "state-cluster-busy-" + Long.toHexString(System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<RawClient> snapshotters = new ArrayList<>();
        // both instances follow the session from its start (runs that began elsewhere before are not seeded)
        try (RawClient observer = RawClient.connectWithPresence(cluster.b().port(), session + "?state=true");
                RawClient follower = RawClient.connect(cluster.a().port(), session)) {
            JsonNode start = observer.next();
            List<Future<?>> activity = List.of(pool.submit(() -> {
                for (int i = 0; i < 30; i++) {
                    save(i % 2 == 0 ? cluster.a() : cluster.b(), session, "f" + (i % 4) + ".py", "x".repeat(i + 1));
                }
            }), pool.submit(() -> {
                MessageRouter router = cluster.a().context().getBean(MessageRouter.class);
                for (int run = 0; run < 10; run++) {
                    String id = session + "-run-" + run;
                    router.publishExecutionStart(session, id, "python", "print()");
                    for (int line = 0; line < 30; line++) {
                        router.publishExecutionOutput(session, id, line + "\n", StreamType.STDOUT);
                    }
                    router.publishExecutionComplete(session, id,
                            new ExecutionResult("", "", 0, 0.1, false, ExecutionResult.Status.OK, false));
                }
            }));
            for (int n = 0; n < 10 || activity.stream().anyMatch(future -> !future.isDone()); n++) {
                ServerInstance instance = n % 2 == 0 ? cluster.a() : cluster.b();
                snapshotters.add(RawClient.connectWithPresence(instance.port(), session + "?state=true&name=s" + n));
            }
            for (Future<?> future : activity) {
                future.get();
            }
            save(cluster.a(), session, END, "the end");
            List<JsonNode> seen = untilTheEnd(observer);
            SessionModel live = SessionModel.of(start);
            seen.forEach(live::apply);
            assertThat(live.runs).hasSize(10);
            for (RawClient snapshotter : snapshotters) {
                JsonNode state = snapshotter.next();
                assertThat(state.get("type").asString()).isEqualTo("session_state");
                long at = state.get("data").get("seq").asLong();
                SessionModel observed = SessionModel.of(start);
                seen.stream().filter(frame -> frame.get("seq").asLong() <= at).forEach(observed::apply);
                SessionModel resumed = SessionModel.of(state);
                assertThat(resumed).as("the state at seq %d", at).isEqualTo(observed);
                long expected = at + 1;
                for (JsonNode frame : untilTheEnd(snapshotter)) {
                    assertThat(frame.get("seq").asLong()).isEqualTo(expected++);
                    resumed.apply(frame);
                }
                assertThat(resumed).as("the state at seq %d with what followed", at).isEqualTo(live);
            }
        }
        finally {
            pool.shutdownNow();
            snapshotters.forEach(RawClient::close);
        }
    }

    private static List<JsonNode> untilTheEnd(RawClient client) {
        List<JsonNode> frames = new ArrayList<>();
        for (;;) {
            JsonNode frame = client.next();
            frames.add(frame);
            if (frame.get("type").asString().equals("session_update")
                    && END.equals(frame.get("data").get("details").path("file_name").asString())) {
                return frames;
            }
        }
    }
}
