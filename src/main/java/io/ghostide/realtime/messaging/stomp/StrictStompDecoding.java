package io.ghostide.realtime.messaging.stomp;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Gives the STOMP endpoint's protocol handler a {@link StrictStompDecoder}, once every bean
 * exists and before the server takes its first connection. The endpoint registry creates that
 * handler itself and offers no setting for its decoder; the handler hands its decoder to each new
 * connection. Start-up fails if there is no STOMP handler to give it to, rather than running with
 * the framework's lenient decoder unnoticed.
 */
@Component
class StrictStompDecoding implements SmartInitializingSingleton {

    private final WebSocketHandler stompHandler;

    StrictStompDecoding(@Qualifier("subProtocolWebSocketHandler") WebSocketHandler stompHandler) {
        this.stompHandler = stompHandler;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<StompSubProtocolHandler> handlers = WebSocketHandlerDecorator.unwrap(this.stompHandler)
                instanceof SubProtocolWebSocketHandler subProtocols
                ? subProtocols.getProtocolHandlers().stream()
                        .filter(StompSubProtocolHandler.class::isInstance).map(StompSubProtocolHandler.class::cast).toList()
                : List.of();
        if (handlers.isEmpty()) {
            throw new IllegalStateException("No STOMP protocol handler found on " + this.stompHandler
                    + ": STOMP frames could not be checked for a content-length that does not match them");
        }
        for (StompSubProtocolHandler stomp : handlers) {
            StrictStompDecoder decoder = new StrictStompDecoder(stomp.getMessageSizeLimit());
            decoder.setHeaderInitializer(stomp.getHeaderInitializer());
            stomp.setDecoder(decoder);
        }
    }
}
