package io.ghostide.realtime.editing;

import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import io.ghostide.realtime.workspace.DocumentStorage;
import org.springframework.stereotype.Component;

/**
 * The {@code awareness} command: passed on to the session's subscribers now, without a
 * {@code seq}, and missed by a connection that is behind. Only a connection in the session may
 * send it: its {@code presence_leave} is what tells the others its awareness ended.
 */
@Component
class AwarenessCommandHandler implements SessionCommandHandler<ClientCommands.Awareness> {

    private final MessageRouter router;

    private final DocumentStorage storage;

    private final ConnectionRegistry connections;

    private final long dropAtBacklog;

    AwarenessCommandHandler(MessageRouter router, DocumentStorage storage, ConnectionRegistry connections,
            DocsProperties properties) {
        this.router = router;
        this.storage = storage;
        this.connections = connections;
        this.dropAtBacklog = properties.awarenessMaxBacklog().toBytes();
    }

    @Override
    public MessageType type() {
        return MessageType.AWARENESS;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.Awareness payload) {
        DocCommands.requireFileName(this.storage, payload.fileName());
        if (!this.connections.isInSession(context.connectionId(), context.sessionId())) {
            throw new CommandRejectedException(409, "Not in the session", "Subscribe to session " + context.sessionId()
                    + " before sending awareness: its presence_leave is what ends it");
        }
        this.router.publishTransient(context.sessionId(), MessageType.AWARENESS, new Payloads.Awareness(context.user(),
                context.connectionId(), payload.fileName(), payload.selection(), payload.status()), this.dropAtBacklog);
    }
}
