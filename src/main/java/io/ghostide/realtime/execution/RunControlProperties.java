package io.ghostide.realtime.execution;

import java.time.Duration;

import io.ghostide.realtime.system.MinDataSize;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How a running program is steered and remembered: stopped, typed into, and its transcript kept
 * (the same {@code ghostide.execution} prefix as {@link ExecutionProperties}).
 *
 * @param stopGrace how long a stopped program has after SIGINT before whatever is left of it is killed
 * @param maxInput bytes of input one run may be given in all, its {@code input} included; beyond that 413
 * @param transcriptRetention how long a run's transcript is kept after the run ended
 * @param transcriptTotalBytes bytes all kept transcripts may hold together; the oldest ended ones go first
 * @param maxTranscripts transcripts kept at once; the oldest ended ones go first
 * @param transcriptPage most events one transcript request answers; {@code next} says where to go on
 * @param forwardTimeout in {@code redis} mode, how long a stop or input for a run of another instance waits
 *        for that instance's answer before the sender gets 503
 */
@Validated
@ConfigurationProperties("ghostide.execution")
public record RunControlProperties(
        @DefaultValue("2s") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 60) Duration stopGrace,
        @DefaultValue("1MB") @NotNull @MinDataSize("1KB") DataSize maxInput,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration transcriptRetention,
        @DefaultValue("64MB") @NotNull @MinDataSize("1MB") DataSize transcriptTotalBytes,
        @DefaultValue("2000") @Min(1) int maxTranscripts,
        @DefaultValue("2000") @Min(1) int transcriptPage,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) Duration forwardTimeout) {
}
