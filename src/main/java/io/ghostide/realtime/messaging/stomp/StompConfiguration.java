package io.ghostide.realtime.messaging.stomp;

import io.ghostide.realtime.connection.ConnectionProperties;
import io.ghostide.realtime.connection.Transport;
import io.ghostide.realtime.connection.UpgradePath;
import io.ghostide.realtime.messaging.Destinations;
import io.ghostide.realtime.messaging.MessagingProperties;
import io.ghostide.realtime.messaging.TransientMessageInterceptor;
import io.ghostide.realtime.messaging.resume.ResumeGateInterceptor;
import io.ghostide.realtime.messaging.resume.SubscribeReceiptInterceptor;
import io.ghostide.realtime.messaging.resume.SubscriptionReadyInterceptor;
import io.ghostide.realtime.system.JsonInputLimit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP over WebSocket at {@code /stomp} and the broker both transports share: the simple
 * broker for {@code /topic} and {@code /queue}, commands under {@code /app}, replies under
 * {@code /user} (applied by {@link FrameworkPatches}, with every change made to Spring's parts). Outbound delivery runs on the
 * publishing thread, straight into each connection's queue, since no send blocks (see
 * {@code QueuedWebSocketSession}); that keeps publish order without a queue per session.
 * Inbound frames are handled on the container's thread that read them: handlers hand long work
 * (runs, Ghost's answers) to threads of their own, and only {@code save_file} does disk I/O there.
 */
@Configuration(proxyBeanMethods = false)
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

    private final ConnectionProperties connections;

    private final MessagingProperties messaging;

    private final UpgradePath upgrades;

    private final ClientFrameInterceptor frameInterceptor;

    private final SessionMembershipInterceptor membershipInterceptor;

    private final SubscribeReceiptInterceptor receiptInterceptor;

    private final SubscriptionReadyInterceptor readyInterceptor;

    private final TaskScheduler brokerScheduler;

    private final ResumeGateInterceptor gateInterceptor;

    private final TransientMessageInterceptor transientInterceptor;

    StompConfiguration(ConnectionProperties connections, MessagingProperties messaging, UpgradePath upgrades,
            ClientFrameInterceptor frameInterceptor, SessionMembershipInterceptor membershipInterceptor,
            SubscribeReceiptInterceptor receiptInterceptor,
            SubscriptionReadyInterceptor readyInterceptor,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler brokerScheduler,
            ResumeGateInterceptor gateInterceptor, TransientMessageInterceptor transientInterceptor) {
        this.connections = connections;
        this.messaging = messaging;
        this.upgrades = upgrades;
        this.frameInterceptor = frameInterceptor;
        this.membershipInterceptor = membershipInterceptor;
        this.receiptInterceptor = receiptInterceptor;
        this.readyInterceptor = readyInterceptor;
        this.brokerScheduler = brokerScheduler;
        this.gateInterceptor = gateInterceptor;
        this.transientInterceptor = transientInterceptor;
    }

    /** A client's frame, on either transport, is at most {@code ghostide.connection.max-frame-size}. */
    @Bean
    static JsonInputLimit clientFrame(ConnectionProperties connections) {
        long frame = connections.maxFrameSize().toBytes();
        return new JsonInputLimit(null, frame, Math.toIntExact(frame), "ghostide.connection.max-frame-size");
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/stomp")
                .setHandshakeHandler(this.upgrades.handshakeHandler())
                .addInterceptors(this.upgrades.interceptors())
                .setAllowedOriginPatterns(this.upgrades.allowedOriginPatterns());
        // a client's SUBSCRIBE is handled before its next SEND
        registry.setPreserveReceiveOrder(true);
        registry.setErrorHandler(new StompErrorHandler());
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeat = this.messaging.stompHeartbeat().toMillis();
        registry.enableSimpleBroker("/topic", "/queue")
                .setTaskScheduler(this.brokerScheduler)
                .setHeartbeatValue(new long[] { heartbeat, heartbeat });
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix(Destinations.USER_PREFIX);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        // a client's frames are handled on the thread that read them: no handler waits on others
        // (runs and Ghost's answers go on threads of their own); the one that touches the disk,
        // save_file, writes and syncs its file before returning, so that a run sent after a save
        // sees the file. The container reads a connection's next frame only after this one is
        // handled, which keeps its order and paces a flooding client
        // after the broker, interceptors act last to first: the subscription is started before its RECEIPT
        registration.executor(new SyncTaskExecutor())
                .interceptors(this.frameInterceptor, this.membershipInterceptor, this.receiptInterceptor,
                        this.readyInterceptor);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(new SyncTaskExecutor()).interceptors(this.gateInterceptor, this.transientInterceptor);
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        // the send buffer and send time limit are each connection's own (QueuedWebSocketSession), not Spring's
        registration.setMessageSizeLimit(Math.toIntExact(this.connections.maxFrameSize().toBytes()))
                .addDecoratorFactory(this.upgrades.decoratorFactory(Transport.STOMP));
    }
}
