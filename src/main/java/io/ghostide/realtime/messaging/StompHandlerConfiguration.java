package io.ghostide.realtime.messaging;

import java.io.IOException;
import java.util.function.Consumer;

import io.ghostide.realtime.connection.ManagedConnections;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * The STOMP message broker configuration ({@code @EnableWebSocketMessageBroker}'s, fed by
 * {@link StompConfiguration}), with one change: the STOMP handler writes to each connection's
 * own queue directly, on the sending thread, instead of through the buffer of Spring's
 * {@link ConcurrentWebSocketSessionDecorator}.
 * <p>
 * That buffer holds a frame whenever another thread is flushing the same connection, and the
 * other thread writes it later. A frame the server sent just before closing the connection (a
 * {@code disconnect}) could so reach the connection after its close, and be dropped: under load,
 * a STOMP client missed its {@code disconnect 1001} at shutdown. The connections are
 * {@code QueuedWebSocketSession}s already, whose sends never block and are bounded by their own
 * send buffer and send time limit, so the buffer added a lock and nothing else.
 */
@Configuration(proxyBeanMethods = false)
class StompHandlerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel, clientOutboundChannel) {

            @Override
            protected WebSocketSession decorateSession(WebSocketSession session) {
                return ManagedConnections.isManaged(session) ? new DirectSend(session) : super.decorateSession(session);
            }
        };
        handler.setPhase(getPhase());
        return handler;
    }

    /**
     * Sends on the calling thread, in call order. Still a {@link ConcurrentWebSocketSessionDecorator}
     * because STOMP's preserve-receive-order hands its next-message callback to one; it runs here
     * once the frame is queued on the connection.
     */
    static final class DirectSend extends ConcurrentWebSocketSessionDecorator {

        private volatile Consumer<WebSocketMessage<?>> sent = message -> { };

        DirectSend(WebSocketSession connection) {
            // the limits are the connection's own; these are never reached, nothing is buffered here
            super(connection, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }

        @Override
        public void setMessageCallback(Consumer<WebSocketMessage<?>> callback) {
            this.sent = callback;
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            getDelegate().sendMessage(message);
            this.sent.accept(message);
        }
    }
}
