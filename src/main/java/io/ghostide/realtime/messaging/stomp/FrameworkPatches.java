package io.ghostide.realtime.messaging.stomp;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.messaging.Destinations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.broker.AbstractBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationResolver;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

/**
 * Every change this application makes to Spring's WebSocket and messaging parts, in one place,
 * each named with what it works around. This is the STOMP message broker configuration
 * ({@code @EnableWebSocketMessageBroker}'s, fed by {@link StompConfiguration}) with these changes:
 * <ol>
 * <li><b>A prepared fan-out.</b> The simple broker is a {@link PreparedFanOutHandler}: the stock
 * one builds a message and a header map for every subscriber, and the STOMP handler encodes a
 * frame for each; this one hands every subscriber one envelope prepared once per publish, and
 * each connection registers its writer for those ({@link EnvelopeOutlets}).</li>
 * <li><b>Exact destinations.</b> The broker's subscription registry is an
 * {@link ExactSubscriptionRegistry}: the stock one matches every destination as an Ant pattern
 * and reads a selector header, so that {@code /topic/session/*} would hear every session.</li>
 * <li><b>Sends straight into each connection's queue.</b> The STOMP handler wraps each connection
 * in a {@link ConcurrentWebSocketSessionDecorator}, whose buffer holds a frame whenever another
 * thread is flushing the same connection, to be written by that thread later. A frame sent just
 * before a close (a {@code disconnect}) could so reach the connection after the close and be
 * dropped: under load a STOMP client missed its {@code disconnect 1001} at shutdown. The
 * connections are {@code QueuedWebSocketSession}s, whose sends never block and are bounded by
 * their own send buffer and send time limit, so the buffer only added a lock.</li>
 * <li><b>A strict STOMP decoder.</b> The endpoint registry makes its STOMP protocol handler
 * itself and offers no setting for the decoder, whose lenient parsing takes a frame whose
 * {@code content-length} does not match it; the handler is given a {@link StrictStompDecoder} once
 * the endpoint is registered, and start-up fails if there is no STOMP handler to give it to.</li>
 * <li><b>Upgrades only, ahead of MVC.</b> The mapping of the raw endpoint {@code /ws/*} takes
 * every request of its paths, after MVC's mappings; so {@code /ws/status} could be either the
 * stats or a session named "status". It now takes WebSocket upgrades only, before every other
 * mapping: an upgrade there is the raw endpoint and any other request the stats, by the rule the
 * access checks use ({@link io.ghostide.realtime.connection.WebSocketUpgrades}).</li>
 * </ol>
 * Everything else uses Spring's extension points as they are meant to be used: the error frames
 * ({@link StompErrorHandler}), the checks of a client's frames ({@link ClientFrameInterceptor}), the
 * RECEIPT the simple broker does not send ({@code messaging.resume.SubscribeReceiptInterceptor})
 * and the start-up check of the channels' order ({@link MessageOrderGuard}).
 */
@Configuration(proxyBeanMethods = false)
class FrameworkPatches extends DelegatingWebSocketMessageBrokerConfiguration {

    private final EnvelopeOutlets outlets;

    FrameworkPatches(EnvelopeOutlets outlets) {
        this.outlets = outlets;
    }

    // the bean WebSocketConfigurationSupport makes for every WebSocketConfigurer's handlers (the raw endpoint's)
    private static final String RAW_MAPPING_BEAN = "webSocketHandlerMapping";

    /** The simple broker as configured, with its fan-out made once per publish and exact destinations (1, 2). */
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
        handler.setSubscriptionRegistry(new ExactSubscriptionRegistry());
        return handler;
    }

    /** The STOMP handler, writing into each connection's own queue (3). */
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

    /** The STOMP endpoint's mapping, its protocol handler given a {@link StrictStompDecoder} (4). */
    @Bean
    @Override
    public HandlerMapping stompWebSocketHandlerMapping(WebSocketHandler subProtocolWebSocketHandler,
            TaskScheduler messageBrokerTaskScheduler, AbstractSubscribableChannel clientInboundChannel) {
        HandlerMapping mapping = super.stompWebSocketHandlerMapping(subProtocolWebSocketHandler,
                messageBrokerTaskScheduler, clientInboundChannel);
        // the endpoints are registered now, and with them the STOMP protocol handler
        List<StompSubProtocolHandler> handlers = WebSocketHandlerDecorator.unwrap(subProtocolWebSocketHandler)
                instanceof SubProtocolWebSocketHandler subProtocols
                ? subProtocols.getProtocolHandlers().stream()
                        .filter(StompSubProtocolHandler.class::isInstance).map(StompSubProtocolHandler.class::cast).toList()
                : List.of();
        if (handlers.isEmpty()) {
            throw new IllegalStateException("No STOMP protocol handler found on " + subProtocolWebSocketHandler
                    + ": STOMP frames could not be checked for a content-length that does not match them");
        }
        for (StompSubProtocolHandler stomp : handlers) {
            StrictStompDecoder decoder = new StrictStompDecoder(stomp.getMessageSizeLimit());
            decoder.setHeaderInitializer(stomp.getHeaderInitializer());
            stomp.setDecoder(decoder);
        }
        return mapping;
    }

    /** The raw endpoint's mapping: upgrade requests only, ahead of MVC's mappings (5). */
    @Bean
    static BeanPostProcessor upgradesOnlyAheadOfMvc() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (RAW_MAPPING_BEAN.equals(name) && bean instanceof WebSocketHandlerMapping mapping) {
                    mapping.setWebSocketUpgradeMatch(true);
                    mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
                }
                return bean;
            }
        };
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
