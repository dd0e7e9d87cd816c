package io.ghostide.realtime.execution;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.support.ManyReadersServerTest;
import io.ghostide.realtime.support.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.ghostide.realtime.execution.PacedRuns.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack on a run's pacing that the slow-consumer timeout alone does not stop: strangers who
 * never read join the session one after another, each waited for up to that timeout (5 s). With
 * the default bounds, readers may hold one run only as long as it has gone on unheld, then
 * whoever the output would wait for is cut at once: the program finishes within three times its
 * time alone, and the reader that reads hears every line.
 * The per-user share is raised because every client here comes from one address; an attacker
 * has many.
 */
@ManyReadersServerTest
class ReaderStallEndToEndTests {

    private static final int LINES = 320_000;

    // 16 MB: each stranger's socket takes up to 4 MiB on this kernel before it holds the program
    private static final String CODE = PacedRuns.program(LINES, 0);

    private static final String EXPECTED = PacedRuns.expected(LINES);

    private static final int MAX_STRANGERS = 15;

    private static final Duration JOIN_EVERY = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final ExecutorService readers = Executors.newCachedThreadPool();

    private final List<RawSocket> strangers = new ArrayList<>();

    @AfterEach
    void stopClients() throws IOException {
        this.readers.shutdownNow();
        for (RawSocket stranger : this.strangers) {
            stranger.close();
        }
    }

    @Test
    void strangersJoiningOneAfterAnotherHoldARunNoLongerThanItsOwnTime() throws Exception {
        // once to warm the server up (a cold first run is slower), then the run to compare with
        timedRun("stall-warm-up", pending -> {
        });
        Duration alone = timedRun("stall-alone", pending -> {
        });

        double cutBefore = closedFor(CloseReason.SLOW_CONSUMER);
        String session = "stall-attacked";
        Duration attacked = timedRun(session, pending -> {
            while (!pending.isDone() && this.strangers.size() < MAX_STRANGERS) {
                // a 4 KiB receive buffer, and nothing read after the connect frame
                RawSocket stranger = RawSocket.upgrade(this.port, "/ws/" + session, 4096);
                this.strangers.add(stranger);
                assertThat(json(stranger.readMessage()).path("type").asString()).isEqualTo("connect");
                try {
                    pending.get(JOIN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (TimeoutException ex) {
                    // still running: the next stranger joins
                }
            }
        });
        double cut = closedFor(CloseReason.SLOW_CONSUMER) - cutBefore;
        System.out.printf("reader stall: run alone %d ms, with %d strangers joining every %d s %d ms (%.2f x);"
                + " %.0f cut as slow consumers%n", alone.toMillis(), this.strangers.size(), JOIN_EVERY.toSeconds(),
                attacked.toMillis(), (double) attacked.toNanos() / alone.toNanos(), cut);
        // the strangers did hold the run, and were cut for it
        assertThat(cut).isGreaterThanOrEqualTo(1);
        assertThat(attacked).isLessThan(alone.multipliedBy(3));
    }

    private Duration timedRun(String session, PacedRuns.Meanwhile meanwhile) throws Exception {
        // a timeout the attack cannot reach, so that a held run shows as slow, not as timed out
        return PacedRuns.timedRun(this.port, Map.of("session_id", session, "language", "python", "code", CODE,
                "timeout", 150), EXPECTED, this.readers, meanwhile);
    }

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }
}
