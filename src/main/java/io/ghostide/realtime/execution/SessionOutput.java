package io.ghostide.realtime.execution;

import java.time.Duration;

import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.StreamType;

/**
 * Where a run's output goes: its session and its transcript, at the pace of the session's
 * slowest connection. Waiting ends with the run's time: once that is over the program is being
 * stopped, and what is left in its pipes is read at once. A connection that stays behind longer
 * than the slow-consumer timeout is cut, and the run goes on at the pace of the others; readers
 * hold one run at most {@code max-reader-stall} in all ({@link ReaderStall}).
 */
final class SessionOutput implements StreamOutput.Listener {

    private final MessageRouter router;

    private final TranscriptStore transcripts;

    private final String sessionId;

    private final String executionId;

    private final ReaderStall stall;

    SessionOutput(MessageRouter router, ReaderPacing pacing, TranscriptStore transcripts, ExecutionProperties properties,
            String sessionId, String executionId, Duration timeout) {
        this.router = router;
        this.transcripts = transcripts;
        this.sessionId = sessionId;
        this.executionId = executionId;
        this.stall = new ReaderStall(pacing, sessionId, executionId, properties.outputBacklog().toBytes(),
                properties.maxReaderStall(), timeout);
    }

    @Override
    public void onOutput(StreamType stream, String text) {
        // the transcript first: a publish whose reply is lost (Redis slow, this instance paused) may
        // still have reached the session, and throws before anything after it
        this.transcripts.append(this.executionId, stream.wireName(), text);
        this.router.publishExecutionOutput(this.sessionId, this.executionId, text, stream);
    }

    @Override
    public void awaitRoom() {
        this.stall.awaitRoom();
    }
}
