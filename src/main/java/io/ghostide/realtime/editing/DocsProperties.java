package io.ghostide.realtime.editing;

import java.time.Duration;

import io.ghostide.realtime.system.MinDataSize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Shared documents, under {@code ghostide.docs}.
 *
 * @param persistDelay how far the stored file may lag behind its document's edits; a clean shutdown stores them all
 *        ({@code local} mode; in {@code redis} mode every edit is stored at once)
 * @param maxUpdatesPerPush the most updates one {@code doc_push} may carry; beyond that 413
 * @param maxDocumentsPerSession documents of one session open at once (files and names not stored yet); beyond that 413
 * @param awarenessMaxBacklog a connection with this much still to write misses {@code awareness} messages
 */
@Validated
@ConfigurationProperties("ghostide.docs")
public record DocsProperties(
        @DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 10) Duration persistDelay,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxUpdatesPerPush,
        @DefaultValue("400") @Min(1) int maxDocumentsPerSession,
        @DefaultValue("16KB") @NotNull @MinDataSize("1B") DataSize awarenessMaxBacklog) {
}
