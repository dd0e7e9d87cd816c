package io.ghostide.realtime.messaging.command;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;
import io.ghostide.realtime.messaging.CommandContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/** Receives the client commands SENT to {@code /app/session/{sessionId}}, from STOMP and raw connections. */
@Controller
class SessionCommandController {

    private final SessionCommandDispatcher dispatcher;

    SessionCommandController(SessionCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @MessageMapping("/session/{sessionId}")
    void onCommand(@DestinationVariable String sessionId, Message<byte[]> message) {
        String connectionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        if (connectionId != null) {
            Caller caller = CallerHolder.callerOf(SimpMessageHeaderAccessor.getUser(message.getHeaders()));
            this.dispatcher.dispatch(new CommandContext(sessionId, connectionId, caller.userFor(connectionId)), caller, message.getPayload());
        }
    }
}
