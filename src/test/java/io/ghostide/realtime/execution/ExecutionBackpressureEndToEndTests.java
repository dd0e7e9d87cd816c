package io.ghostide.realtime.execution;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.support.Http;
import io.ghostide.realtime.support.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A program that writes faster than a subscriber reads is slowed down to that subscriber's
 * pace: the subscriber gets every byte and stays connected, though the output (12 MB) is far
 * more than its connection's send buffer and the kernel's socket buffers (4 MiB at most here)
 * together.
 */
@LongOutputServerTest
class ExecutionBackpressureEndToEndTests {

    private static final int LINES = 240_000;

    @LocalServerPort
    int port;

    @Autowired
    ReaderPacing pacing;

    @Autowired
    ExecutionProperties properties;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSlowReaderPacesTheProgramWithoutMissingAnything() throws Exception {
        double closedBefore = closedFor(CloseReason.SEND_BUFFER_FULL);
        String code = "import sys\nfor i in range(" + LINES + "):\n    sys.stdout.write('%06d %s\\n' % (i, 'x' * 43))\n";
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            expected.append(String.format("%06d %s\n", i, "x".repeat(43)));
        }

        // a 4 KiB receive buffer, and nothing read until the program is well ahead
        try (RawSocket reader = RawSocket.upgrade(this.port, "/ws/paced-run", 4096)) {
            assertThat(reader.upgraded()).isTrue();
            assertThat(json(reader.readFrame()).path("type").asString()).isEqualTo("connect");
            CompletableFuture<HttpResponse<String>> run = execute(Map.of("session_id", "paced-run",
                    "language", "python", "code", code));

            long allowance = this.properties.outputBacklog().toBytes();
            await().atMost(Duration.ofSeconds(30)).until(() -> this.pacing.outboundBacklog("paced-run") >= allowance);
            // the program is held: 12 MB cannot be out while the reader takes nothing
            assertThat(run).isNotDone();

            StringBuilder heard = new StringBuilder();
            long lastSeq = 0;
            while (true) {
                JsonNode message = json(reader.readMessage());
                String type = message.path("type").asString();
                assertThat(type).isNotEqualTo("disconnect");
                if (message.has("seq")) {
                    assertThat(message.get("seq").asLong()).isGreaterThan(lastSeq);
                    lastSeq = message.get("seq").asLong();
                }
                if (type.equals("execution_output")) {
                    heard.append(message.path("data").path("output").asString());
                }
                if (type.equals("execution_complete")) {
                    assertThat(message.path("data").path("result").path("status").asString()).isEqualTo("ok");
                    break;
                }
            }
            assertThat(heard.toString()).isEqualTo(expected.toString());
            assertThat(run.join().statusCode()).isEqualTo(200);
        }
        assertThat(closedFor(CloseReason.SEND_BUFFER_FULL)).isEqualTo(closedBefore);
    }

    @Test
    void aReaderThatNeverReadsIsCutAfterHoldingTheProgramForItsShare() throws Exception {
        double cutBefore = stuckReaderCuts();
        String code = "while True:\n    print('z' * 100)\n";
        // what the runner logs: it says so when it gives up on a run's pipes
        Logger runner = (Logger) LoggerFactory.getLogger(CodeRunner.class);
        ListAppender<ILoggingEvent> runnerLog = new ListAppender<>();
        runnerLog.start();
        runner.addAppender(runnerLog);
        try (RawSocket stuck = RawSocket.upgrade(this.port, "/ws/stuck-run", 4096)) {
            assertThat(json(stuck.readFrame()).path("type").asString()).isEqualTo("connect");
            HttpResponse<String> response = execute(Map.of("session_id", "stuck-run", "language", "python",
                    "code", code, "timeout", 2)).join();

            assertThat(response.statusCode()).isEqualTo(200);
            // the reader holds the run only as long as the run has gone on unheld, and is then cut; the
            // program, no longer paced, ends by its output limit (16 MB) or by its 2 s, whichever is first
            assertThat(JSON.readTree(response.body()).path("status").asString())
                    .isIn("output_limit_exceeded", "timed_out");
            // cut as one that stayed behind; or, on a machine so busy that the run's 2 s were over
            // before its readers had held it as long as they may, by the send time limit
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(stuckReaderCuts()).isEqualTo(cutBefore + 1));
            // were the reader still waited for after the run's time, the runner would wait out its 2 s
            // grace for the pipes to close and give up on them, and say so
            List<ILoggingEvent> logged;
            // the appender adds under its own lock
            synchronized (runnerLog) {
                logged = List.copyOf(runnerLog.list);
            }
            assertThat(logged).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.contains("giving up on it"));
        }
        finally {
            runner.detachAppender(runnerLog);
        }
    }

    private double stuckReaderCuts() {
        return closedFor(CloseReason.SLOW_CONSUMER) + closedFor(CloseReason.SEND_TIME_LIMIT);
    }

    private double closedFor(CloseReason reason) {
        return this.meters.get("ghostide.connections.closed").tag("reason", reason.tag()).counter().count();
    }

    private CompletableFuture<HttpResponse<String>> execute(Map<String, Object> body) {
        return Http.on(this.port).withTimeout(Duration.ofSeconds(120))
                .postJsonAsync("/api/v1/execution/execute/websocket", JSON.writeValueAsString(body));
    }

    private static JsonNode json(RawSocket.Frame frame) {
        assertThat(frame.opcode()).as("a text frame, not a close").isEqualTo(0x1);
        return JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
    }
}
