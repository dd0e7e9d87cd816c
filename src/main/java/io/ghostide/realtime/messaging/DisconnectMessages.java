package io.ghostide.realtime.messaging;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.DisconnectNotice;
import org.springframework.stereotype.Component;

/** The {@code disconnect} message a connection the server ends is told, on its reply queue. */
@Component
class DisconnectMessages implements DisconnectNotice {

    private final MessageRouter router;

    DisconnectMessages(MessageRouter router) {
        this.router = router;
    }

    @Override
    public void send(String connectionId, String sessionId, CloseReason reason, String text) {
        this.router.publishToConnection(connectionId, sessionId, MessageType.DISCONNECT,
                new Payloads.Disconnect(reason.status().getCode(), text));
    }
}
