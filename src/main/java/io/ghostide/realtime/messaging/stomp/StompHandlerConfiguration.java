package io.ghostide.realtime.messaging.stomp;

import java.io.IOException;
import java.util.function.Consumer;

import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.messaging.Destinations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * The STOMP message broker configuration ({@code @EnableWebSocketMessageBroker}'s, fed by
 * {@link StompConfiguration}), with two changes. The simple broker is a
 * {@link PreparedFanOutHandler}, which hands a session message to every subscriber as one
 * prepared envelope instead of building a message and encoding a frame per subscriber; each
 * STOMP connection registers its writer for those ({@link EnvelopeOutlets}). And the STOMP
 * handler writes to each connection's own queue directly, on the sending thread, instead of
 * through the buffer of Spring's {@link ConcurrentWebSocketSessionDecorator}.
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

    private final EnvelopeOutlets outlets;

    StompHandlerConfiguration(EnvelopeOutlets outlets) {
        this.outlets = outlets;
    }

    /** The simple broker as configured, with its fan-out of session messages made once per publish. */
    @Bean
    @Override
    public @Nullable AbstractBrokerMessageHandler simpleBrokerMessageHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel, AbstractSubscribableChannel brokerChannel,
            UserDestinationResolver userDestinationResolver) {
        AbstractBrokerMessageHandler stock = super.simpleBrokerMessageHandler(clientInboundChannel, clientOutboundChannel,
                brokerChannel, userDestinationResolver);
        if (!(stock instanceof SimpleBrokerMessageHandler configured)) {
            return stock;
        }
        // the stock handler is never started or subscribed: this one takes its settings and its place
        PreparedFanOutHandler handler = new PreparedFanOutHandler(clientInboundChannel, clientOutboundChannel,
                brokerChannel, configured.getDestinationPrefixes(), this.outlets);
        handler.setTaskScheduler(configured.getTaskScheduler());
        handler.setHeartbeatValue(configured.getHeartbeatValue());
        handler.setHeaderInitializer(configured.getHeaderInitializer());
        handler.setUserDestinationPredicate(destination -> destination.startsWith(Destinations.USER_PREFIX));
        handler.setPhase(configured.getPhase());
        return handler;
    }

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        EnvelopeOutlets outlets = this.outlets;
        SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel, clientOutboundChannel) {

            @Override
            protected WebSocketSession decorateSession(WebSocketSession session) {
                if (!ManagedConnections.isManaged(session)) {
                    return super.decorateSession(session);
                }
                DirectSend send = new DirectSend(session);
                // the broker's prepared session messages: the MESSAGE frame made once per subscription id
                outlets.register(session.getId(), (subscriptionId, envelope) -> send.sendPrepared(
                        envelope.stompFrame(subscriptionId)));
                return send;
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
                outlets.unregister(session.getId());
                super.afterConnectionClosed(session, closeStatus);
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

        private static final Log logger = LogFactory.getLog(DirectSend.class);

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

        /** Sends a frame the broker prepared, as the STOMP handler sends the ones it encodes. */
        void sendPrepared(WebSocketMessage<?> frame) {
            try {
                sendMessage(frame);
            }
            catch (IOException | RuntimeException ex) {
                // the connection is going away; its close is reported separately
                if (logger.isDebugEnabled()) {
                    logger.debug("Could not write to STOMP connection " + getId() + ": " + ex);
                }
            }
        }
    }
}
