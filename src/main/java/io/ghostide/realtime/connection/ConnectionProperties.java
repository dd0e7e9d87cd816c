package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits that keep one client from hurting the others, under {@code ghostide.connection}.
 *
 * @param maxPerSession connections one session may have (raw connections plus STOMP subscriptions)
 * @param maxTotal open WebSocket connections on this server, both transports
 * @param maxFrameSize largest inbound WebSocket message; a larger one closes the connection with 1009
 * @param sendBufferSize outbound text queued for one connection before it is closed as too slow, counted in
 *        characters (bytes for a binary frame), which is exact for ASCII
 * @param sendTimeLimit longest time one outbound frame may take to be written before the connection is closed
 * @param pingInterval how often an otherwise quiet connection is sent a WebSocket ping
 * @param idleTimeout a connection that sends nothing (not even a pong) for this long is closed
 * @param shutdownGrace how long shutdown waits for {@code disconnect} frames to be written
 * @param allowedOriginPatterns deprecated alias of {@code ghostide.websocket.allowed-origins}; both lists count
 * @param maxSessionsPerConnection session topics one STOMP connection may subscribe to
 * @param maxSubscriptionsPerConnection subscriptions one STOMP connection may hold, of any destination
 * @param requestHeaderTimeout longest a request's line and headers (an upgrade's too) may take to arrive in all
 * @param maxPerSessionPerUser connections of one session one user may hold (the verified token's user, else the
 *        client address): a share of {@code maxPerSession}, so that no one user can take every place
 * @param slowConsumerTimeout longest a connection may stay behind a run's output that is paced to its readers:
 *        when what was queued for it is still not written after this long, it is closed (1008,
 *        {@code slow_consumer}) and the run goes on at the pace of the others
 */
@Validated
@ConfigurationProperties("ghostide.connection")
public record ConnectionProperties(
        @DefaultValue("32") @Min(1) int maxPerSession,
        @DefaultValue("10000") @Min(1) int maxTotal,
        @DefaultValue("64KB") @NotNull DataSize maxFrameSize,
        @DefaultValue("512KB") @NotNull DataSize sendBufferSize,
        @DefaultValue("10s") @NotNull Duration sendTimeLimit,
        @DefaultValue("25s") @NotNull Duration pingInterval,
        @DefaultValue("60s") @NotNull Duration idleTimeout,
        @DefaultValue("3s") @NotNull Duration shutdownGrace,
        @DefaultValue List<String> allowedOriginPatterns,
        @DefaultValue("16") @Min(1) int maxSessionsPerConnection,
        @DefaultValue("64") @Min(1) int maxSubscriptionsPerConnection,
        @DefaultValue("10s") @NotNull Duration requestHeaderTimeout,
        @DefaultValue("8") @Min(1) int maxPerSessionPerUser,
        @DefaultValue("5s") @NotNull Duration slowConsumerTimeout) {

    /** Origins allowed besides the server's own: {@code ghostide.websocket.allowed-origins} and the deprecated alias. */
    public List<String> allowedOrigins(WebSocketProperties webSocket) {
        return java.util.stream.Stream.concat(webSocket.allowedOrigins().stream(), this.allowedOriginPatterns.stream())
                .distinct().toList();
    }
}
