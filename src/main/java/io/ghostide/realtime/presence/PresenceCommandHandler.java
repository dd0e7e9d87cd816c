package io.ghostide.realtime.presence;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/** The {@code presence} command: who is in the session, to the sender only. */
@Component
class PresenceCommandHandler implements SessionCommandHandler<ClientCommands.Presence> {

    private final PresenceTracker tracker;

    private final MessageRouter router;

    PresenceCommandHandler(PresenceTracker tracker, MessageRouter router) {
        this.tracker = tracker;
        this.router = router;
    }

    @Override
    public MessageType type() {
        return MessageType.PRESENCE;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.Presence payload) {
        this.router.publishToConnection(context.connectionId(), context.sessionId(), MessageType.PRESENCE,
                this.tracker.presence(context.sessionId()));
    }
}
