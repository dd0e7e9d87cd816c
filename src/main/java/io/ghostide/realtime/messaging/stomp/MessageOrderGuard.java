package io.ghostide.realtime.messaging.stomp;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Refuses to start when the message path stops keeping order. {@code seq} order reaches every
 * subscriber only because the broker channel hands each message to the broker on the publishing
 * thread (no executor), the outbound channel writes on that same thread, and a client's frames
 * are handled in the order it sent them (a synchronous inbound channel, or STOMP's
 * preserve-receive-order). An executor added "for speed" to any of them would reorder a
 * session's messages under load, silently; this check makes it loud.
 */
@Component
class MessageOrderGuard implements SmartInitializingSingleton {

    private final MessageChannel brokerChannel;

    private final MessageChannel clientOutboundChannel;

    private final MessageChannel clientInboundChannel;

    private final WebSocketHandler stompHandler;

    MessageOrderGuard(@Qualifier("brokerChannel") MessageChannel brokerChannel,
            @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel,
            @Qualifier("clientInboundChannel") MessageChannel clientInboundChannel,
            @Qualifier("subProtocolWebSocketHandler") WebSocketHandler stompHandler) {
        this.brokerChannel = brokerChannel;
        this.clientOutboundChannel = clientOutboundChannel;
        this.clientInboundChannel = clientInboundChannel;
        this.stompHandler = stompHandler;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(this.brokerChannel, this.clientOutboundChannel, this.clientInboundChannel, preservesReceiveOrder(this.stompHandler));
    }

    /**
     * Throws when one of the ordering rules is broken, naming the rule and where to fix it.
     *
     * @param stompPreservesReceiveOrder whether the STOMP endpoint handles a client's frames in order
     */
    static void check(MessageChannel brokerChannel, MessageChannel outbound, MessageChannel inbound,
            boolean stompPreservesReceiveOrder) {
        if (executorOf(brokerChannel) != null) {
            throw new IllegalStateException("The broker channel has an executor (" + executorOf(brokerChannel)
                    + "): messages of one session would reach the broker out of seq order. Remove the executor from "
                    + "configureMessageBroker (ChannelRegistration of the broker channel).");
        }
        if (!synchronous(outbound)) {
            throw new IllegalStateException("The client outbound channel runs on " + executorOf(outbound)
                    + ": subscribers would receive a session's messages out of seq order. Keep "
                    + "configureClientOutboundChannel on a SyncTaskExecutor (writes never block: each connection "
                    + "has its own queue).");
        }
        if (!synchronous(inbound) && !stompPreservesReceiveOrder) {
            throw new IllegalStateException("The client inbound channel runs on " + executorOf(inbound)
                    + " without preserve-receive-order: a client's SUBSCRIBE could be handled after its next SEND, "
                    + "and a resume could miss messages. Keep it on a SyncTaskExecutor or call "
                    + "setPreserveReceiveOrder(true) on the STOMP endpoint registry.");
        }
    }

    private static boolean synchronous(MessageChannel channel) {
        Executor executor = executorOf(channel);
        return executor == null || executor instanceof SyncTaskExecutor;
    }

    private static @Nullable Executor executorOf(MessageChannel channel) {
        return channel instanceof ExecutorSubscribableChannel subscribable ? subscribable.getExecutor() : null;
    }

    private static boolean preservesReceiveOrder(WebSocketHandler handler) {
        if (handler instanceof SubProtocolWebSocketHandler subProtocols) {
            return subProtocols.getProtocolHandlers().stream()
                    .allMatch(protocol -> protocol instanceof StompSubProtocolHandler stomp && stomp.isPreserveReceiveOrder());
        }
        return false;
    }
}
