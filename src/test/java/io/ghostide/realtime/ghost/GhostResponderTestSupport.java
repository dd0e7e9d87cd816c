package io.ghostide.realtime.ghost;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.junit.jupiter.api.AfterEach;
import org.springframework.util.unit.DataSize;

/**
 * What the responder's unit tests share: a scripted provider, a channel that records what Ghost
 * says, a scheduler stopped after each test, a responder built on them, and the properties and
 * failed runs they feed it.
 */
abstract class GhostResponderTestSupport {

    /** Limits that these tests never reach: each delta is its own chunk, calls and reactions without a practical bound. */
    static final GhostProperties.Limits LOOSE_LIMITS = new GhostProperties.Limits(DataSize.ofMegabytes(1), Duration.ZERO,
            DataSize.ofKilobytes(1), 1000, 1000, 1000);

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    final RecordingChannel channel = new RecordingChannel();

    final ScriptedProvider provider = new ScriptedProvider();

    @AfterEach
    void stopScheduler() {
        this.scheduler.shutdownNow();
    }

    /** A responder on {@code provider} and the recording channel, remembering {@code properties}' history size per session. */
    GhostResponder responder(GhostProvider provider, GhostProperties properties) {
        return new GhostResponder(provider, this.channel, new GhostSessions(properties.historySize(), 1000, Long.MAX_VALUE),
                properties, this.scheduler, Clock.systemUTC());
    }

    static GhostProperties properties(Duration firstToken, Duration total, int history, int maxQueued) {
        return properties(firstToken, total, history, maxQueued, LOOSE_LIMITS);
    }

    static GhostProperties properties(Duration firstToken, Duration total, int history, int maxQueued,
            GhostProperties.Limits limits) {
        return new GhostProperties(GhostProperties.Provider.OFFLINE, URI.create("http://127.0.0.1:1/v1"), "test-model", "", 0.3,
                100, Duration.ofSeconds(2), firstToken, total, history, maxQueued, Duration.ZERO, Duration.ofHours(1),
                new GhostProperties.Reactions(true, true, Duration.ofMillis(100)), DataSize.ofKilobytes(256), 1000,
                DataSize.ofMegabytes(64), limits);
    }

    /** A Python run that failed on line 2 with {@code errorLine} as the last line of its traceback. */
    static GhostPrompt.RunReport failedRun(String executionId, String errorLine) {
        return new GhostPrompt.RunReport(executionId, "python", "items = [1]\nprint(items[10])\n",
                new ExecutionResult("", "Traceback (most recent call last):\n  File \"main.py\", line 2, in <module>\n"
                        + errorLine + "\n", 1, 0.1, false, ExecutionResult.Status.RUNTIME_ERROR, false));
    }
}
