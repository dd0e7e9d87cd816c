package io.ghostide.realtime.execution;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionStats;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack: a stranger subscribes to someone's session and never reads, while that session's
 * program prints far more than the socket buffers hold. Output is paced to the readers, so the
 * stranger used to hold the program (a 1.4 s run ran into its 30 s timeout). Now the stranger,
 * raw or STOMP, is cut once what was queued for it stays unwritten past the slow-consumer
 * timeout (1 s here, 5 s by default), the program finishes at the pace of the reader that reads,
 * and the stranger, coming back with {@code since}/{@code epoch}, gets every line it missed
 * exactly once from the history (raised here to hold a whole run). The send buffer keeps its
 * default (512 KB): these replays, about 7 MB each, are queued at once past it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-output=16MB", "ghostide.connection.slow-consumer-timeout=1s",
        "ghostide.resume.history-bytes=64MB", "ghostide.resume.history-size=20000" })
class SlowConsumerEndToEndTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int LINES = 200_000;

    private static final String CODE = "import sys\nfor i in range(" + LINES + "):\n"
            + "    sys.stdout.write('%06d %s\\n' % (i, 'x' * 43))\n";

    private static final String EXPECTED = expected();

    @LocalServerPort
    int port;

    @Autowired
    ConnectionStats stats;

    @Autowired
    MeterRegistry meters;

    private final ExecutorService readers = Executors.newCachedThreadPool();

    @AfterEach
    void stopReaders() {
        this.readers.shutdownNow();
    }

    @Test
    void aStrangerWhoNeverReadsIsCutAndTheProgramRunsAtTheReadersPace() throws Exception {
        // once to warm the server up (a cold first run is slower), then the run to compare with
        timedRun("paced-warm-up");
        Duration alone = timedRun("paced-alone");

        double cutBefore = closedFor(CloseReason.SLOW_CONSUMER);
        String session = "paced-attacked";
        // 4 KiB receive buffers, and nothing read after the first frames
        try (RawSocket rawStranger = RawSocket.upgrade(this.port, "/ws/" + session, 4096);
                RawStompSocket stompStranger = RawStompSocket.connect(this.port, 4096)) {
            JsonNode connect = json(rawStranger.readMessage());
            assertThat(connect.path("type").asString()).isEqualTo("connect");
            String epoch = connect.path("data").path("epoch").asString();
            long rawSince = connect.path("data").path("seq").asLong();
            stompStranger.send("SUBSCRIBE", Map.of("id", "replies", "destination", "/user/queue/replies"));
            stompStranger.send("SUBSCRIBE", Map.of("id", "topic", "destination", "/topic/session/" + session));
            JsonNode subscribed = JSON.readTree(stompStranger.next().body());
            assertThat(subscribed.path("type").asString()).isEqualTo("subscribed");
            long stompSince = subscribed.path("data").path("seq").asLong();
            await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.connectionCount(session) == 2);

            Duration attacked = timedRun(session);

            // both strangers were cut, under their own reason, and are gone
            assertThat(closedFor(CloseReason.SLOW_CONSUMER)).isEqualTo(cutBefore + 2);
            await().atMost(Duration.ofSeconds(15)).until(() -> this.stats.connectionCount(session) == 0);
            System.out.printf("slow consumer: run alone %d ms, with two strangers who never read %d ms (%.2f x)%n",
                    alone.toMillis(), attacked.toMillis(), (double) attacked.toNanos() / alone.toNanos());
            // the stranger costs at most the slow-consumer timeout, not the program's whole run
            assertThat(attacked).isLessThan(alone.multipliedBy(5));

            Heard rawHeard = readRawUntilClosed(rawStranger, rawSince);
            Heard stompHeard = readStompUntilClosed(stompStranger, stompSince);
            System.out.printf("slow consumer: the raw stranger had %d of %d bytes, farewell heard: %b; the STOMP stranger"
                    + " %d bytes, farewell heard: %b%n", rawHeard.output().length(), EXPECTED.length(), rawHeard.farewell,
                    stompHeard.output().length(), stompHeard.farewell);
            // each comes back where it left off and gets the rest, every line once
            assertThat(rawHeard.output() + resumeRaw(session, rawHeard.lastSeq(), epoch)).isEqualTo(EXPECTED);
            assertThat(stompHeard.output() + resumeStomp(session, stompHeard.lastSeq(), epoch)).isEqualTo(EXPECTED);
        }
    }

    /** Runs the program with one reader that reads; checks it heard every line in order; returns the run's time. */
    private Duration timedRun(String session) throws Exception {
        try (RawSocket reader = RawSocket.upgrade(this.port, "/ws/" + session, 0)) {
            JsonNode connect = json(reader.readMessage());
            assertThat(connect.path("type").asString()).isEqualTo("connect");
            long since = connect.path("data").path("seq").asLong();
            CompletableFuture<Heard> heard = CompletableFuture.supplyAsync(() -> readRun(reader, since), this.readers);
            long start = System.nanoTime();
            HttpResponse<String> response = execute(session);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode result = JSON.readTree(response.body());
            assertThat(result.path("status").asString()).as("exit %s, stderr %s", result.path("exit_code"),
                    result.path("stderr").asString()).isEqualTo("ok");
            assertThat(heard.get(60, TimeUnit.SECONDS).output()).isEqualTo(EXPECTED);
            return took;
        }
    }

    // a well-behaved reader: every message in seq order, up to the run's end; never cut
    private static Heard readRun(RawSocket reader, long since) {
        Heard heard = new Heard(since);
        try {
            while (true) {
                JsonNode message = json(reader.readMessage());
                assertThat(message.path("type").asString()).isNotEqualTo("disconnect");
                if (heard.take(message)) {
                    return heard;
                }
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // what a cut raw stranger still has in its socket: a prefix of the session's messages, maybe its farewell
    private static Heard readRawUntilClosed(RawSocket stranger, long since) {
        Heard heard = new Heard(since);
        try {
            while (true) {
                RawSocket.Frame frame = stranger.readMessage();
                if (frame.opcode() == 0x8) {
                    assertThat(frame.closeCode()).isEqualTo(1008);
                    break;
                }
                heard.take(json(frame));
            }
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("The server never closed the stranger's connection", ex);
        }
        catch (IOException ex) {
            // the socket was dropped: the close could not get through
        }
        return heard;
    }

    private static Heard readStompUntilClosed(RawStompSocket stranger, long since) {
        Heard heard = new Heard(since);
        try {
            while (true) {
                RawStompSocket.Frame frame = stranger.next();
                assertThat(frame.command()).isEqualTo("MESSAGE");
                heard.take(JSON.readTree(frame.body()));
            }
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("The server never closed the stranger's connection", ex);
        }
        catch (IOException | StringIndexOutOfBoundsException ex) {
            // the end of the stream, or the close frame, which is no STOMP frame
        }
        return heard;
    }

    // the output a returning raw client is replayed after since=lastSeq
    private String resumeRaw(String session, long since, String epoch) throws Exception {
        try (RawSocket back = RawSocket.upgrade(this.port, "/ws/" + session + "?since=" + since + "&epoch=" + epoch, 0)) {
            JsonNode connect = json(back.readMessage());
            assertThat(connect.path("data").path("recovered").asBoolean()).isTrue();
            Heard replay = new Heard(since);
            while (!replay.take(json(back.readMessage()))) {
                // to the run's end
            }
            return replay.output();
        }
    }

    private String resumeStomp(String session, long since, String epoch) throws Exception {
        try (RawStompSocket back = RawStompSocket.connect(this.port)) {
            back.send("SUBSCRIBE", Map.of("id", "topic", "destination", "/topic/session/" + session,
                    "since", Long.toString(since), "epoch", epoch));
            JsonNode subscribed = JSON.readTree(back.next().body());
            assertThat(subscribed.path("data").path("recovered").asBoolean()).isTrue();
            Heard replay = new Heard(since);
            while (!replay.take(JSON.readTree(back.next().body()))) {
                // to the run's end
            }
            return replay.output();
        }
    }

    private HttpResponse<String> execute(String session) throws Exception {
        String body = JSON.writeValueAsString(Map.of("session_id", session, "language", "python", "code", CODE));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + this.port + "/api/v1/execution/execute/websocket"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }

    private static JsonNode json(RawSocket.Frame frame) {
        assertThat(frame.opcode()).as("a text frame").isEqualTo(0x1);
        return JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
    }

    private static String expected() {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            expected.append(String.format("%06d %s\n", i, "x".repeat(43)));
        }
        return expected.toString();
    }

    /** What one client heard of the run: its stdout and the last seq, each seq once and in order. */
    private static final class Heard {

        private final StringBuilder output = new StringBuilder();

        private long lastSeq;

        private boolean farewell;

        // what the client heard goes on right after the seq it had
        Heard(long since) {
            this.lastSeq = since;
        }

        /** Takes one message; true when it ends the run. */
        boolean take(JsonNode message) {
            String type = message.path("type").asString();
            if (type.equals("disconnect")) {
                // the farewell of a cut, when it could still be written; the last message before the close
                assertThat(message.path("data").path("code").asInt()).isEqualTo(1008);
                assertThat(message.path("data").path("reason").asString()).isEqualTo("slow_consumer");
                this.farewell = true;
                return false;
            }
            if (message.has("seq")) {
                long seq = message.get("seq").asLong();
                assertThat(seq).as("no gap, no duplicate").isEqualTo(this.lastSeq + 1);
                this.lastSeq = seq;
            }
            if (type.equals("execution_output")) {
                this.output.append(message.path("data").path("output").asString());
            }
            return type.equals("execution_complete");
        }

        String output() {
            return this.output.toString();
        }

        long lastSeq() {
            return this.lastSeq;
        }
    }
}
