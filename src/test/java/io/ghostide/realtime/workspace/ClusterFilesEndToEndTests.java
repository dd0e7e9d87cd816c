package io.ghostide.realtime.workspace;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances and one Redis share the session files: a file saved through one (REST or
 * {@code save_file}) is listed, read and imported by runs on the other, and the limits count
 * the whole cluster, also when both instances save at the same moment.
 */
class ClusterFilesEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String[] LIMITS = { "ghostide.workspace.max-bytes-per-session=2KB",
            "ghostide.workspace.max-total-bytes=5KB", "ghostide.workspace.max-sessions=3",
            "ghostide.workspace.max-files-per-session=3", "ghostide.ghost.reactions.on-save=false",
            "ghostide.rate-limit.overall-per-second=1000", "ghostide.rate-limit.overall-burst=1000" };

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("files", LIMITS);

    @Test
    void aFileSavedThroughOneInstanceIsUsableInEveryWayOnTheOther() {
        String session = "shared-files";
        try (RawClient onA = RawClient.connect(cluster.a().port(), session);
                RawClient onB = RawClient.connect(cluster.b().port(), session)) {
            assertThat(cluster.a().http().putFile(session, "util.py", "GREETING = 'hello from A'\n").statusCode()).isEqualTo(201);
            onA.sendCommand("save_file", "{\"file_name\":\"data.txt\",\"content\":\"saved by command on A\"}");
            // both saves are announced on B too, in the session's one order
            assertThat(onB.nextOfType("file_saved").get("data").get("file_name").asString()).isEqualTo("util.py");
            assertThat(onB.nextOfType("file_saved").get("data").get("file_name").asString()).isEqualTo("data.txt");

            JsonNode list = JSON.readTree(cluster.b().get("/api/v1/sessions/" + session + "/files").body());
            assertThat(list.get("count").asInt()).isEqualTo(2);
            assertThat(list.get("files").valueStream().map(file -> file.get("file_name").asString()))
                    .containsExactly("data.txt", "util.py");
            JsonNode util = JSON.readTree(cluster.b().get("/api/v1/sessions/" + session + "/files/util.py").body());
            assertThat(util.get("content").asString()).isEqualTo("GREETING = 'hello from A'\n");
            assertThat(util.get("language").asString()).isEqualTo("python");
            assertThat(util.get("size").asInt()).isEqualTo(26);

            onB.sendCommand("execute_code", "{\"language\":\"python\",\"code\":"
                    + JSON.writeValueAsString("import util\nprint(util.GREETING)\nprint(open('data.txt').read())\n") + "}");
            StringBuilder output = new StringBuilder();
            for (;;) {
                JsonNode frame = onB.next(WAIT);
                String type = frame.get("type").asString();
                if (type.equals("execution_output")) {
                    output.append(frame.get("data").get("output").asString());
                }
                if (type.equals("execution_complete") || type.equals("execution_error")) {
                    assertThat(frame.get("data").path("result").path("exit_code").asInt(-1)).as(frame.toString()).isZero();
                    break;
                }
            }
            assertThat(output.toString()).isEqualTo("hello from A\nsaved by command on A\n");

            // a delete through B is seen by A
            assertThat(cluster.b().http().delete("/api/v1/sessions/" + session + "/files/util.py").statusCode()).isEqualTo(204);
            assertThat(cluster.a().get("/api/v1/sessions/" + session + "/files/util.py").statusCode()).isEqualTo(404);
            delete(cluster.a(), session, "data.txt");
        }
    }

    @Test
    void theFileLimitsCountEveryInstanceWithoutLosingWhatIsStored() {
        assertThat(cluster.a().http().putFile("quota-one", "f.txt", "1".repeat(1500)).statusCode()).isEqualTo(201);
        HttpResponse<String> sessionFull = cluster.b().http().putFile("quota-one", "g.txt", "2".repeat(1000));
        assertThat(sessionFull.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(sessionFull.body()).get("detail").asString()).contains("max-bytes-per-session");
        assertThat(cluster.b().http().putFile("quota-one", "f.txt", "3".repeat(2100)).statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(cluster.b().get("/api/v1/sessions/quota-one/files/f.txt").body()).get("content").asString())
                .isEqualTo("1".repeat(1500));

        assertThat(cluster.a().http().putFile("quota-two", "f.txt", "4".repeat(2000)).statusCode()).isEqualTo(201);
        // 3500 of 5120 bytes are held: the store is full for 2000 more, through either instance
        HttpResponse<String> storeFull = cluster.b().http().putFile("quota-three", "f.txt", "5".repeat(2000));
        assertThat(storeFull.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(storeFull.body()).get("detail").asString()).contains("max-total-bytes");
        assertThat(cluster.b().http().putFile("quota-three", "f.txt", "5".repeat(100)).statusCode()).isEqualTo(201);
        HttpResponse<String> tooManySessions = cluster.a().http().putFile("quota-four", "f.txt", "6");
        assertThat(tooManySessions.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(tooManySessions.body()).get("detail").asString()).contains("max-sessions");

        assertThat(cluster.b().http().putFile("quota-three", "a.txt", "").statusCode()).isEqualTo(201);
        assertThat(cluster.a().http().putFile("quota-three", "b.txt", "").statusCode()).isEqualTo(201);
        HttpResponse<String> tooManyFiles = cluster.b().http().putFile("quota-three", "c.txt", "");
        assertThat(tooManyFiles.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooManyFiles.body()).get("detail").asString()).contains("max-files-per-session");

        for (ServerInstance server : List.of(cluster.a(), cluster.b())) {
            assertThat(JSON.readTree(server.get("/api/v1/sessions/quota-one/files").body()).get("count").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(server.get("/api/v1/sessions/quota-two/files/f.txt").body()).get("content").asString())
                    .isEqualTo("4".repeat(2000));
            assertThat(JSON.readTree(server.get("/api/v1/sessions/quota-three/files").body()).get("count").asInt())
                    .isEqualTo(3);
        }
        // deleting through one instance frees the room on the other
        delete(cluster.a(), "quota-two", "f.txt");
        assertThat(cluster.b().http().putFile("quota-four", "f.txt", "6").statusCode()).isEqualTo(201);
        delete(cluster.b(), "quota-one", "f.txt");
        delete(cluster.a(), "quota-four", "f.txt");
        for (String name : List.of("f.txt", "a.txt", "b.txt")) {
            delete(cluster.b(), "quota-three", name);
        }
    }

    @Test
    void twoInstancesSavingAtOnceCannotBothPassALimit() throws Exception {
        for (int round = 0; round < 10; round++) {
            String session = "race-" + round;
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> saves = new ArrayList<>();
            for (ServerInstance server : List.of(cluster.a(), cluster.b())) {
                String name = server == cluster.a() ? "from-a.txt" : "from-b.txt";
                saves.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                    return server.http().putFile(session, name, "x".repeat(1200)).statusCode();
                }));
            }
            List<Integer> statuses = saves.stream().map(CompletableFuture::join).sorted().toList();
            // each fits alone, both do not (2400 > 2048 bytes per session)
            assertThat(statuses).as("round " + round).containsExactly(201, 413);
            JsonNode list = JSON.readTree(cluster.b().get("/api/v1/sessions/" + session + "/files").body());
            assertThat(list.get("count").asInt()).isEqualTo(1);
            delete(cluster.a(), session, list.get("files").get(0).get("file_name").asString());
        }
    }

    @Test
    void whileRedisIsDownFileRequestsFailWholeWith503() {
        try (RedisServer own = RedisServer.start(); ServerInstance server = ServerInstance.redis(own, "files-outage");
                RawClient client = RawClient.connect(server.port(), "outage-files")) {
            assertThat(server.http().putFile("outage-files", "kept.txt", "before").statusCode()).isEqualTo(201);
            client.nextOfType("file_saved");
            own.kill();
            HttpResponse<String> refused = server.http().putFile("outage-files", "lost.txt", "during");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(server.get("/api/v1/sessions/outage-files/files").statusCode()).isEqualTo(503);
            client.sendCommand("save_file", "{\"file_name\":\"lost.txt\",\"content\":\"during\"}");
            JsonNode error = client.nextOfType("error");
            assertThat(error.get("data").get("code").asInt()).isEqualTo(503);

            // a Redis that comes back (empty: the test's has no persistence) serves again
            own.restart();
            await().atMost(WAIT).until(() -> server.http().putFile("outage-files", "after.txt", "after").statusCode() == 201);
            JsonNode list = JSON.readTree(server.get("/api/v1/sessions/outage-files/files").body());
            assertThat(list.get("files").valueStream().map(file -> file.get("file_name").asString()))
                    .containsExactly("after.txt");
        }
    }

    private static void delete(ServerInstance server, String session, String name) {
        assertThat(server.http().delete("/api/v1/sessions/" + session + "/files/" + name).statusCode()).isEqualTo(204);
    }
}
