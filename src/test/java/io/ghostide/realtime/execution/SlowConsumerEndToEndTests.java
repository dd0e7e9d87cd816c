package io.ghostide.realtime.execution;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionStats;
import io.ghostide.realtime.execution.PacedRuns.Heard;
import io.ghostide.realtime.support.RawSocket;
import io.ghostide.realtime.support.RawStompSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.execution.PacedRuns.json;
import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attack: a stranger subscribes to someone's session and never reads, while that session's
 * program prints far more than the socket buffers hold. Output is paced to the readers, yet the
 * stranger cannot hold the program: raw or STOMP, it is cut once what was queued for it stays
 * unwritten past the slow-consumer timeout (1 s here, 5 s by default), the program finishes at
 * the pace of the reader that reads,
 * and the stranger, coming back with {@code since}/{@code epoch}, gets every line it missed
 * exactly once from the history (raised here to hold a whole run). The send buffer keeps its
 * default (512 KB): these replays, about 7 MB each, are queued at once past it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ghostide.execution.max-output=16MB", "ghostide.connection.slow-consumer-timeout=1s",
        "ghostide.resume.history-bytes=64MB", "ghostide.resume.history-size=20000" })
class SlowConsumerEndToEndTests {

    private static final int LINES = 200_000;

    private static final String CODE = PacedRuns.program(LINES, 0);

    private static final String EXPECTED = PacedRuns.expected(LINES);

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
    void aStrangerWhoNeverReadsIsCutRatherThanHoldingTheProgram() throws Exception {
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
                    + " %d bytes, farewell heard: %b%n", rawHeard.output().length(), EXPECTED.length(), rawHeard.farewell(),
                    stompHeard.output().length(), stompHeard.farewell());
            // each comes back where it left off and gets the rest, every line once
            assertThat(rawHeard.output() + resumeRaw(session, rawHeard.lastSeq(), epoch)).isEqualTo(EXPECTED);
            assertThat(stompHeard.output() + resumeStomp(session, stompHeard.lastSeq(), epoch)).isEqualTo(EXPECTED);
        }
    }

    private Duration timedRun(String session) throws Exception {
        return PacedRuns.timedRun(this.port, Map.of("session_id", session, "language", "python", "code", CODE),
                EXPECTED, this.readers, pending -> {
                });
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

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }
}
