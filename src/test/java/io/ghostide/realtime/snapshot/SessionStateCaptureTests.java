package io.ghostide.realtime.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionStateSource;
import io.ghostide.realtime.messaging.SessionUpdateType;
import io.ghostide.realtime.messaging.StreamType;
import io.ghostide.realtime.sessionlog.LogSnapshot;
import io.ghostide.realtime.sessionlog.ResumePoint;
import io.ghostide.realtime.sessionlog.SessionLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture a subscription's resume makes, against the real log and router while publishers
 * flood the session: the state it gives for the {@code seq} the log's read returned is the
 * state the session's own history describes up to that {@code seq}, neither before it nor past
 * it, however many messages were delivered between the read and the capture's answer. The
 * whole history is kept here, so it is the reference.
 */
@BusySessionServerTest
class SessionStateCaptureTests {

    @Autowired
    MessageRouter router;

    @Autowired
    SessionLog log;

    @Autowired
    SessionStateSource states;

    @Autowired
    EnvelopeWriter writer;

    @Test
    void theCapturedStateIsTheHistoryFoldedUpToTheReadSeq() throws Exception {
        String session = "capture-" + Long.toHexString(System.nanoTime());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> publishers = List.of(pool.submit(() -> runs(session, running)),
                pool.submit(() -> files(session, running)), pool.submit(() -> presence(session, running)));
        // seq -> the state the capture gave there
        Map<Long, JsonNode> captured = new LinkedHashMap<>();
        String epoch;
        try {
            epoch = this.log.read(session, null).epoch();
            for (int i = 0; i < 300; i++) {
                try (SessionStateSource.Capture capture = this.states.beginCapture(session)) {
                    LogSnapshot position = this.log.read(session, null);
                    Object state = capture.stateAt(position.epoch(), position.seq());
                    captured.put(position.seq(), JSON.readTree(this.writer.write(MessageType.SESSION_STATE, session,
                            null, state)));
                }
            }
        }
        finally {
            running.set(false);
            for (Future<?> publisher : publishers) {
                publisher.get();
            }
            pool.shutdown();
        }
        List<byte[]> history = this.log.read(session, new ResumePoint(0, epoch)).missed();
        assertThat(history.size()).as("the publishers were busy").isGreaterThan(2000);
        assertThat(captured.keySet()).as("captures at many points").hasSizeGreaterThan(50);
        SessionModel reference = new SessionModel();
        int next = 0;
        for (Map.Entry<Long, JsonNode> capture : captured.entrySet()) {
            while (next < capture.getKey()) {
                reference.apply(JSON.readTree(history.get(next++)));
            }
            assertThat(SessionModel.of(capture.getValue())).as("the state at seq %d", capture.getKey()).isEqualTo(reference);
        }
    }

    private void runs(String session, AtomicBoolean running) {
        // fewer runs than a session's state keeps once they ended
        for (int run = 0; running.get() && run < 190; run++) {
            String id = session + "-run-" + run;
            this.router.publishExecutionStart(session, id, "python", "print()");
            for (int line = 0; line < 40 && running.get(); line++) {
                this.router.publishExecutionOutput(session, id, line + "\n", StreamType.STDOUT);
            }
            if (run % 4 == 3) {
                this.router.publishExecutionError(session, id, "Sandbox failure", "gone", 500);
            }
            else {
                this.router.publishExecutionComplete(session, id,
                        new ExecutionResult("", "", 0, 0.1, false, ExecutionResult.Status.OK, false));
            }
        }
    }

    private void files(String session, AtomicBoolean running) {
        for (int i = 0; running.get(); i++) {
            String name = "f" + (i % 9) + ".py";
            Instant at = Instant.now();
            this.router.publishFileSaved(session, new Payloads.FileSaved(name, name, "python", at));
            if (i % 6 == 5) {
                this.router.publishSessionUpdate(session, SessionUpdateType.FILE_DELETED, Map.of("file_name", name));
            }
            else {
                this.router.publishSessionUpdate(session, SessionUpdateType.FILE_UPDATED, Map.of("file_name", name,
                        "language", "python", "size", i, "saved_at", at.toString()));
            }
        }
    }

    private void presence(String session, AtomicBoolean running) {
        List<String> present = new ArrayList<>();
        for (int i = 0; running.get(); i++) {
            String connection = "c" + i;
            this.router.publish(session, MessageType.PRESENCE_JOIN,
                    new Payloads.PresenceJoin("user-" + (i % 4), connection, "raw", Instant.now()));
            present.add(connection);
            if (i % 3 != 0 || present.size() > 20) {
                String leaving = present.remove(0);
                this.router.publish(session, MessageType.PRESENCE_LEAVE,
                        new Payloads.PresenceLeave("user", leaving, "closed"));
            }
        }
    }
}
