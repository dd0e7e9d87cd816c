package io.ghostide.realtime.messaging.raw;

import io.ghostide.realtime.connection.ConnectionCaps;
import io.ghostide.realtime.connection.ConnectionHandshakeHandler;
import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.connection.ServerCapacityInterceptor;
import io.ghostide.realtime.connection.UpgradeRateLimitInterceptor;
import io.ghostide.realtime.connection.Transport;
import io.ghostide.realtime.connection.WebSocketProperties;
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

    private final ManagedConnections managedConnections;

    private final ConnectionHandshakeHandler handshakeHandler;

    private final ServerCapacityInterceptor capacityInterceptor;

    private final UpgradeRateLimitInterceptor upgradeRateLimit;

    private final ConnectionRegistry registry;

    private final ConnectionProperties properties;

    private final WebSocketProperties webSocket;

    RawWebSocketConfiguration(RawWebSocketHandler handler, ManagedConnections managedConnections,
            ConnectionHandshakeHandler handshakeHandler, ServerCapacityInterceptor capacityInterceptor,
            UpgradeRateLimitInterceptor upgradeRateLimit, ConnectionRegistry registry, ConnectionProperties properties, WebSocketProperties webSocket) {
        this.webSocket = webSocket;
        this.handler = handler;
        this.managedConnections = managedConnections;
        this.handshakeHandler = handshakeHandler;
        this.capacityInterceptor = capacityInterceptor;
        this.upgradeRateLimit = upgradeRateLimit;
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this.managedConnections.decorate(this.handler, Transport.RAW), "/ws/*")
                .setHandshakeHandler(this.handshakeHandler)
                .addInterceptors(this.upgradeRateLimit, this.capacityInterceptor, new RawHandshakeInterceptor(this.registry))
                .setAllowedOriginPatterns(this.properties.allowedOrigins(this.webSocket).toArray(String[]::new));
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
