package io.ghostide.realtime.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the message path, under {@code ghostide.messaging}.
 *
 * @param stompHeartbeat the heart-beat the STOMP broker offers and asks for; zero turns heart-beats off
 */
@Validated
@ConfigurationProperties("ghostide.messaging")
public record MessagingProperties(
        @DefaultValue("10s") @NotNull Duration stompHeartbeat) {
}
