package io.ghostide.realtime.ghost;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/** The {@code ghost_chat} command: queues the question and returns; the answer streams on the session. */
@Component
class GhostChatCommandHandler implements SessionCommandHandler<ClientCommands.GhostChat> {

    private final GhostResponder responder;

    private final GhostProperties properties;

    GhostChatCommandHandler(GhostResponder responder, GhostProperties properties) {
        this.responder = responder;
        this.properties = properties;
    }

    @Override
    public MessageType type() {
        return MessageType.GHOST_CHAT;
    }

    @Override
    public Class<ClientCommands.GhostChat> payloadType() {
        return ClientCommands.GhostChat.class;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.GhostChat payload) {
        String tooLarge = GhostContextLimit.problemWith(payload.context(), this.properties.maxContextSize());
        if (tooLarge != null) {
            throw new CommandRejectedException(413, "Context too large", tooLarge);
        }
        try {
            // failures reach the whole session as ai_error; nothing more to do with the future here
            this.responder.chat(context.sessionId(), payload.message(), payload.context());
        }
        catch (GhostBusyException ex) {
            throw new CommandRejectedException(429, "Ghost is busy", ex.getMessage());
        }
    }
}
