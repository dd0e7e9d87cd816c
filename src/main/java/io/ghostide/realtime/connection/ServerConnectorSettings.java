package io.ghostide.realtime.connection;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up each Jetty connector where Boot has no property: a listen backlog of
 * {@value #ACCEPT_QUEUE_SIZE} (the JDK asks for 50, which a burst of reconnecting clients
 * overflows, each dropped SYN costing the client a second) and a total deadline for a request's
 * headers ({@link RequestHeaderDeadline}).
 * <p>
 * Buffers stay Jetty's defaults on purpose: they are taken from a shared pool only while a read
 * or write needs them, so an idle WebSocket connection holds none.
 */
@Configuration(proxyBeanMethods = false)
class ServerConnectorSettings {

    static final int ACCEPT_QUEUE_SIZE = 1024;

    @Bean
    WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> acceptQueue(ConnectionProperties properties) {
        return factory -> factory.addServerCustomizers(server -> {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                }
                connector.addEventListener(new RequestHeaderDeadline(connector, properties.requestHeaderTimeout()));
            }
        });
    }
}
