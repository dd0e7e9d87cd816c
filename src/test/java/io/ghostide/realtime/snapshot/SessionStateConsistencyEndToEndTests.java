package io.ghostide.realtime.snapshot;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point of {@code session_state}: taken while files are saved and deleted, real programs
 * print, and users come and go, each snapshot is the state at its own {@code seq}. A client that
 * applies the messages after that {@code seq} to it holds what a client that never left holds,
 * at every {@code seq} and at the end.
 */
@BusySessionServerTest
class SessionStateConsistencyEndToEndTests {

    // files outlive the server: a session of its own on every run
    private static final String SESSION = "state-busy-" + Long.toHexString(System.nanoTime());

    private static final String END = "end.txt";

    @LocalServerPort
    int port;

    /** A client that took a snapshot: its {@code session_state}, then everything the session sent it. */
    private record Snapshotter(String name, JsonNode state, Supplier<JsonNode> next, AutoCloseable client) {
    }

    @Test
    void everySnapshotTakenDuringActivityIsTheStateAtItsSeq() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Snapshotter> snapshotters = new ArrayList<>();
        List<RawClient> users = new ArrayList<>();
        try (RawClient observer = RawClient.connectWithPresence(this.port, SESSION + "?name=observer&state=true")) {
            JsonNode start = observer.next();
            assertThat(start.get("type").asString()).isEqualTo("session_state");
            List<Future<?>> activity = List.of(pool.submit(this::churnFiles), pool.submit(this::runPrograms),
                    pool.submit(() -> churnUsers(users)));
            int taken = 0;
            while (taken < 12 || activity.stream().anyMatch(future -> !future.isDone())) {
                snapshotters.add(snapshot(taken++));
            }
            for (Future<?> future : activity) {
                future.get();
            }
            save(END, "the end");

            List<JsonNode> seen = untilTheEnd(observer::next);
            SessionModel live = SessionModel.of(start);
            seen.forEach(live::apply);
            assertThat(live.runs).as("the programs ran").hasSizeGreaterThanOrEqualTo(3);
            for (SessionModel.Run run : live.runs.values()) {
                assertThat(run.transcriptNext()).isPositive();
            }
            for (String executionId : live.runs.keySet()) {
                JsonNode transcript = JSON.readTree(get("/api/v1/executions/" + executionId + "/transcript"));
                assertThat(transcript.get("next").asInt()).as("the transcript of %s", executionId)
                        .isEqualTo(live.runs.get(executionId).transcriptNext());
            }
            for (Snapshotter snapshotter : snapshotters) {
                long at = snapshotter.state().get("data").get("seq").asLong();
                SessionModel observed = SessionModel.of(start);
                seen.stream().filter(frame -> frame.get("seq").asLong() <= at).forEach(observed::apply);
                SessionModel resumed = SessionModel.of(snapshotter.state());
                assertThat(resumed).as("%s: the state at seq %d", snapshotter.name(), at).isEqualTo(observed);
                List<JsonNode> after = untilTheEnd(snapshotter.next());
                long expected = at + 1;
                for (JsonNode frame : after) {
                    assertThat(frame.get("seq").asLong()).as("%s: no gap after the state", snapshotter.name())
                            .isEqualTo(expected++);
                    resumed.apply(frame);
                }
                assertThat(resumed).as("%s: the state with what followed", snapshotter.name()).isEqualTo(live);
            }
        }
        finally {
            pool.shutdownNow();
            for (Snapshotter snapshotter : snapshotters) {
                snapshotter.client().close();
            }
            users.forEach(RawClient::close);
        }
    }

    // a raw client asking, a STOMP client asking, and a raw client whose resume cannot recover, in turn
    private Snapshotter snapshot(int n) {
        switch (n % 3) {
            case 0 -> {
                RawClient raw = RawClient.connectWithPresence(this.port, SESSION + "?state=true");
                return new Snapshotter("raw " + n, raw.next(), raw::next, raw);
            }
            case 1 -> {
                StompClient stomp = StompClient.connect(this.port);
                StompHeaders headers = new StompHeaders();
                headers.setDestination("/topic/session/" + SESSION);
                headers.set("state", "true");
                StompClient.Subscription subscription = stomp.subscribe(headers, true);
                return new Snapshotter("stomp " + n, subscription.next(), subscription::next, stomp);
            }
            default -> {
                RawClient raw = RawClient.connectWithPresence(this.port, SESSION + "?since=1&epoch=another-history");
                assertThat(raw.connectFrame().get("data").get("recovered").asBoolean()).isFalse();
                return new Snapshotter("not recovered " + n, raw.next(), raw::next, raw);
            }
        }
    }

    /** The frames up to the end marker's {@code session_update}, checking the first is the state. */
    private static List<JsonNode> untilTheEnd(Supplier<JsonNode> next) {
        List<JsonNode> frames = new ArrayList<>();
        for (;;) {
            JsonNode frame = next.get();
            assertThat(frame.get("type").asString()).isNotEqualTo("session_state");
            frames.add(frame);
            if (frame.get("type").asString().equals("session_update")
                    && END.equals(frame.get("data").get("details").path("file_name").asString())) {
                return frames;
            }
        }
    }

    private void churnFiles() {
        for (int i = 0; i < 40; i++) {
            save("f" + (i % 7) + ".py", "x = " + "1".repeat(i + 1) + "\n");
            if (i % 5 == 4) {
                try {
                    HttpProbe.request(this.port, "DELETE", "/api/v1/sessions/" + SESSION + "/files/f" + (i % 7) + ".py", null);
                }
                catch (java.io.IOException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    private void runPrograms() {
        for (int i = 0; i < 4; i++) {
            String code = "import sys\nfor i in range(60):\n    print(i, flush=True)\n"
                    + (i == 3 ? "sys.exit(3)\n" : "");
            String body = "{\"session_id\":\"" + SESSION + "\",\"language\":\"python\",\"code\":"
                    + JSON.writeValueAsString(code) + "}";
            try {
                // sent as it was, on the shared client: an interrupted runner stops quietly
                HttpResponse<String> response = Http.CLIENT.send(Http.on(this.port).withTimeout(Duration.ofSeconds(120))
                        .postJsonRequest("/api/v1/execution/execute/websocket", body).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
            catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void churnUsers(List<RawClient> kept) {
        for (int i = 0; i < 16; i++) {
            RawClient user = RawClient.connect(this.port, SESSION + "?name=user-" + (i % 5));
            if (i % 3 == 0) {
                user.close();
            }
            else {
                synchronized (kept) {
                    kept.add(user);
                }
            }
        }
    }

    private void save(String name, String content) {
        try {
            HttpProbe.Response response = HttpProbe.request(this.port, "PUT", "/api/v1/sessions/" + SESSION + "/files/"
                    + name, content, "Content-Type", "text/plain");
            assertThat(response.status()).as(response.body()).isBetween(200, 201);
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String get(String path) {
        return Http.on(this.port).get(path).body();
    }
}
