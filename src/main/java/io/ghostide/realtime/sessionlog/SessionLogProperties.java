package io.ghostide.realtime.sessionlog;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the session history that resume replays from, under {@code ghostide.resume}.
 *
 * @param historySize the most messages a session's history keeps
 * @param historyBytes the most bytes of envelopes a session's history keeps
 * @param historyTtl how long a session's history lasts after its last publish
 * @param totalHistoryBytes the most bytes of history kept across all sessions; beyond it the
 *        history of the least recently published sessions goes first
 * @param sessionRetention how long a session without connections or messages keeps its
 *        {@code seq} counter and epoch; after that its {@code seq} starts again at 1 in a new epoch
 * @param maxSessions sessions the log keeps a counter for (in Redis, for every instance together); past it
 *        those without connections are forgotten (in this process empty ones first, then the least recently
 *        used; in Redis the least recently active) and start again in a new epoch
 */
@Validated
@ConfigurationProperties("ghostide.resume")
public record SessionLogProperties(
        @DefaultValue("2000") @Min(0) int historySize,
        @DefaultValue("8MB") @NotNull DataSize historyBytes,
        @DefaultValue("10m") @NotNull Duration historyTtl,
        @DefaultValue("256MB") @NotNull DataSize totalHistoryBytes,
        @DefaultValue("1h") @NotNull Duration sessionRetention,
        @DefaultValue("50000") @Min(1) int maxSessions) {
}
