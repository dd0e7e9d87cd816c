package io.ghostide.realtime.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.ghostide.realtime.presence.PresenceEntry;
import org.junit.jupiter.api.Test;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** The timeline's answers at a seq, and what an envelope changes, without a server. */
class SessionTimelineTests {

    private static final Duration RETENTION = Duration.ofHours(1);

    private static final Duration NO_WAIT = Duration.ZERO;

    private final EnvelopeChanges changes = new EnvelopeChanges(JSON);

    private static StateChange join(String connection) {
        return new StateChange.Joined(new PresenceEntry("ada", connection, "raw", Instant.EPOCH));
    }

    private static SessionTimeline timelineAt(long seq) {
        SessionTimeline timeline = new SessionTimeline(0);
        for (long s = 1; s <= seq; s++) {
            timeline.apply(s, join("c" + s), SessionContents::new, RETENTION, 0);
        }
        return timeline;
    }

    /** Entries delivered after the read's seq are left out; those up to it are in. */
    @Test
    void theStateAtASeqHasExactlyTheEntriesUpToIt() throws InterruptedException {
        SessionTimeline timeline = timelineAt(2);
        SessionTimeline.Tap tap = timeline.open(SessionContents::new, 0);
        for (long s = 3; s <= 6; s++) {
            timeline.apply(s, join("c" + s), SessionContents::new, RETENTION, 0);
        }
        assertThat(timeline.at(tap, 4, RETENTION, NO_WAIT).connections).containsOnlyKeys("c1", "c2", "c3", "c4");
        assertThat(timeline.at(tap, 2, RETENTION, NO_WAIT).connections).containsOnlyKeys("c1", "c2");
    }

    /** A read before the capture began (a history that started over) gives no state, not a wrong one. */
    @Test
    void aSeqBeforeTheCaptureHasNoState() throws InterruptedException {
        SessionTimeline timeline = timelineAt(5);
        SessionTimeline.Tap tap = timeline.open(SessionContents::new, 0);
        assertThat(timeline.at(tap, 3, RETENTION, NO_WAIT)).isNull();
    }

    /** A seq not delivered in time gives no state; a seq restart in the entries gives none either. */
    @Test
    void aSeqNotDeliveredOrAfterARestartHasNoState() throws InterruptedException {
        SessionTimeline timeline = timelineAt(2);
        SessionTimeline.Tap tap = timeline.open(SessionContents::new, 0);
        assertThat(timeline.at(tap, 3, RETENTION, Duration.ofMillis(20))).isNull();
        timeline.apply(1, join("new"), SessionContents::new, RETENTION, 0);
        timeline.apply(2, join("newer"), SessionContents::new, RETENTION, 0);
        timeline.apply(3, join("newest"), SessionContents::new, RETENTION, 0);
        assertThat(timeline.at(tap, 3, RETENTION, NO_WAIT)).isNull();
    }

    /** A capture that waits is answered as soon as the entry arrives from another thread. */
    @Test
    void aCaptureWaitsForALateDelivery() throws Exception {
        SessionTimeline timeline = timelineAt(1);
        SessionTimeline.Tap tap = timeline.open(SessionContents::new, 0);
        Thread late = new Thread(() -> timeline.apply(2, join("late"), SessionContents::new, RETENTION, 0));
        late.start();
        assertThat(timeline.at(tap, 2, RETENTION, Duration.ofSeconds(30)).connections).containsKey("late");
        late.join();
    }

    /** The seed is read once, before the first change, and a change it already holds is not counted twice. */
    @Test
    void theSeedIsReadOnceWithoutCountingWhatItHoldsTwice() throws InterruptedException {
        SessionContents seed = new SessionContents();
        seed.runs.put("r", new SessionContents.RunEntry("r", "running", "python", Instant.EPOCH, 7, null));
        int[] reads = { 0 };
        SessionTimeline timeline = new SessionTimeline(0);
        timeline.apply(1, null, () -> { reads[0]++; return seed; }, RETENTION, 0);
        assertThat(reads[0]).as("a message that changes nothing reads no store").isZero();
        timeline.apply(2, new StateChange.RunStarted("r", "python", Instant.EPOCH), () -> { reads[0]++; return seed; },
                RETENTION, 0);
        timeline.apply(3, new StateChange.TranscriptEvent("r"), () -> { reads[0]++; return seed; }, RETENTION, 0);
        SessionTimeline.Tap tap = timeline.open(() -> { reads[0]++; return seed; }, 0);
        assertThat(reads[0]).isEqualTo(1);
        assertThat(timeline.at(tap, 3, RETENTION, NO_WAIT).runs.get("r").transcriptNext()).isEqualTo(8);
    }

    /** Output is read up to its execution id; input without text and unrelated types change nothing. */
    @Test
    void envelopesAreReadForWhatTheyChange() {
        StateChange output = this.changes.read(bytes("{\"type\":\"execution_output\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"session_id\":\"s\",\"seq\":3,\"data\":{\"execution_id\":\"e1\",\"output\":\"{\\\"data\\\":1}\",\"stream\":\"stdout\"}}"));
        assertThat(output).isEqualTo(new StateChange.TranscriptEvent("e1"));
        // an id with an escape, or data in another order, is parsed
        assertThat(this.changes.read(bytes("{\"type\":\"execution_output\",\"data\":{\"execution_id\":\"e\\u0032\",\"output\":\"x\"}}")))
                .isEqualTo(new StateChange.TranscriptEvent("e2"));
        assertThat(this.changes.read(bytes("{\"type\":\"execution_output\",\"data\":{\"output\":\",\\\"data\\\":{\\\"execution_id\\\":\\\"no\",\"execution_id\":\"e3\"}}")))
                .isEqualTo(new StateChange.TranscriptEvent("e3"));
        assertThat(this.changes.read(bytes("{\"type\":\"execution_input\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"session_id\":\"s\",\"seq\":4,\"data\":{\"execution_id\":\"e1\",\"data\":\"\",\"eof\":true,\"user\":\"u\"}}"))).isNull();
        assertThat(this.changes.read(bytes("{\"type\":\"ai_typing\",\"data\":{\"is_typing\":true}}"))).isNull();
        assertThat(this.changes.read(bytes("not json at all"))).isNull();
        assertThat(this.changes.read(bytes("{\"type\":\"doc_update\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"session_id\":\"s\","
                + "\"seq\":5,\"data\":{\"file_name\":\"a.py\",\"version\":12,\"updates\":[],\"user\":\"u\"}}")))
                .isEqualTo(new StateChange.DocumentUpdated("a.py", 12, Instant.parse("2026-01-01T00:00:00Z")));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
