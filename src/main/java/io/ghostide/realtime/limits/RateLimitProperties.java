package io.ghostide.realtime.limits;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token buckets on what a client asks, under {@code ghostide.rate-limit}: every command of a
 * connection (and every limited REST call of a user) takes a token from the overall bucket, and
 * {@code execute_code} and {@code ghost_chat} one from their own bucket as well. A bucket holds
 * {@code *-burst} tokens and gets {@code *-per-second} back each second.
 *
 * @param overallPerSecond every command of a connection; on REST every call that runs code, asks Ghost or writes files
 * @param overallBurst the overall bucket's size
 * @param executeCodePerSecond {@code execute_code} commands and run requests
 * @param executeCodeBurst the run bucket's size
 * @param ghostChatPerSecond {@code ghost_chat} commands and chat requests
 * @param ghostChatBurst the chat bucket's size
 * @param closeAfter a connection refused without a pause of a second or more for this long is closed (1008)
 * @param maxClients connections and REST clients whose buckets are kept at once, each; beyond it new ones share one
 * @param upgradesPerSecond WebSocket upgrades ({@code /ws/*} and {@code /stomp} together) one client may make per second
 * @param upgradesBurst the upgrade bucket's size
 * @param docPushPerSecond {@code doc_push} commands of a connection, which take from this bucket instead of the overall one
 * @param docPushBurst the push bucket's size
 * @param awarenessPerSecond {@code awareness} commands of a connection, which take from this bucket instead of the overall one
 * @param awarenessBurst the awareness bucket's size
 * @param sweepInterval how often the buckets of each kind are looked over to forget the idle ones
 */
@Validated
@ConfigurationProperties("ghostide.rate-limit")
public record RateLimitProperties(
        @DefaultValue("20") @Min(1) int overallPerSecond,
        @DefaultValue("40") @Min(1) int overallBurst,
        @DefaultValue("2") @Min(1) int executeCodePerSecond,
        @DefaultValue("5") @Min(1) int executeCodeBurst,
        @DefaultValue("1") @Min(1) int ghostChatPerSecond,
        @DefaultValue("3") @Min(1) int ghostChatBurst,
        @DefaultValue("10s") @NotNull Duration closeAfter,
        @DefaultValue("100000") @Min(1) int maxClients,
        @DefaultValue("50") @Min(1) int upgradesPerSecond,
        @DefaultValue("200") @Min(1) int upgradesBurst,
        @DefaultValue("30") @Min(1) int docPushPerSecond,
        @DefaultValue("60") @Min(1) int docPushBurst,
        @DefaultValue("30") @Min(1) int awarenessPerSecond,
        @DefaultValue("60") @Min(1) int awarenessBurst,
        @DefaultValue("10s") @NotNull @DurationMin(seconds = 1) Duration sweepInterval) {
}
