package io.ghostide.realtime.connection;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connector settings Boot has no property for. The listen backlog: Jetty leaves it to the JDK,
 * which asks for 50, and a burst of (re)connecting clients overflows that; each dropped SYN
 * waits a second before the client retries.
 *
 * <p>What an open connection costs in buffers is left to Jetty's defaults on purpose: it reads
 * and writes through buffers taken from a shared pool for the moment they are needed, so an
 * idle WebSocket connection holds no I/O buffer at all.
 *
 * <p>And a total deadline for a request's headers ({@link RequestHeaderDeadline}).
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
