package io.ghostide.realtime.connection;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Keeps what an open connection costs in buffers small. By default Tomcat gives every
 * WebSocket connection a text and a binary message buffer (8 KiB each, the text one at two
 * bytes a character) and every socket an 8 KiB read and an 8 KiB write buffer: about 40 KiB of
 * the ~75 KiB an idle connection kept on the heap. Both transports take inbound messages in
 * parts, with the size limit checked on the parts, so a message buffer bounds only the size of
 * one part. WebSocket reads go straight into the frame reader's own buffer and WebSocket writes
 * straight from the frame writer's, so the socket's read and write buffers serve plain HTTP
 * alone, where 1 KiB costs a few more system calls per response body. Left as they are:
 * Tomcat's frame reader and writer buffers ({@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE},
 * 8 KiB each), since a smaller writer buffer splits every larger message into more frames and
 * writes: with 1 KiB, a 15 KB message cost three times the CPU per delivery.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {

    /** Characters (text) or bytes (binary) of one inbound message part. */
    static final int MESSAGE_PART_BUFFER = 1024;

    static final int SOCKET_BUFFER = 1024;

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MESSAGE_PART_BUFFER);
        container.setMaxBinaryMessageBufferSize(MESSAGE_PART_BUFFER);
        return container;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> socketBuffers() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER));
            connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER));
        });
    }
}
