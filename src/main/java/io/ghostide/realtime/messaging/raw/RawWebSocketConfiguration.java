package io.ghostide.realtime.messaging.raw;

import io.ghostide.realtime.connection.ConnectionCaps;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.Transport;
import io.ghostide.realtime.connection.UpgradePath;
import io.ghostide.realtime.messaging.stomp.EnvelopeOutlets;
import io.ghostide.realtime.messaging.EnvelopeWriter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers the raw adapter at {@code /ws/{sessionId}}, beside the STOMP endpoint. Its mapping
 * takes WebSocket upgrades only, and before MVC's (made so in
 * {@link io.ghostide.realtime.messaging.stomp.FrameworkPatches}), so an upgrade of {@code /ws/status} is the raw
 * endpoint of a session named "status" and any other request of that path is the stats, decided
 * by the same rule the access checks use ({@link io.ghostide.realtime.connection.WebSocketUpgrades}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class RawWebSocketConfiguration implements WebSocketConfigurer {

    private final RawWebSocketHandler handler;

    private final UpgradePath upgrades;

    private final ConnectionRegistry registry;

    RawWebSocketConfiguration(RawWebSocketHandler handler, UpgradePath upgrades, ConnectionRegistry registry) {
        this.handler = handler;
        this.upgrades = upgrades;
        this.registry = registry;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this.upgrades.decorate(this.handler, Transport.RAW), "/ws/*")
                .setHandshakeHandler(this.upgrades.handshakeHandler())
                .addInterceptors(this.upgrades.interceptors(new RawHandshakeInterceptor(this.registry)))
                .setAllowedOriginPatterns(this.upgrades.allowedOriginPatterns());
    }

    @Configuration(proxyBeanMethods = false)
    static class RawHandlerConfiguration {

        @Bean
        RawWebSocketHandler rawWebSocketHandler(
                @Qualifier("clientInboundChannel") SubscribableChannel clientInboundChannel,
                @Qualifier("clientOutboundChannel") SubscribableChannel clientOutboundChannel,
                ConnectionRegistry registry, EnvelopeWriter writer, ConnectionCaps caps, EnvelopeOutlets outlets) {
            return new RawWebSocketHandler(clientInboundChannel, clientOutboundChannel, registry, writer, caps, outlets);
        }
    }
}
