package io.ghostide.realtime.editing;

import java.io.IOException;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import io.ghostide.realtime.workspace.DocumentStorage;
import org.springframework.stereotype.Component;

/** The {@code doc_open} command: the document's {@code doc_state} to the sender alone. */
@Component
class DocOpenCommandHandler implements SessionCommandHandler<ClientCommands.DocOpen> {

    private final SharedDocuments authority;

    private final DocumentStorage storage;

    private final MessageRouter router;

    DocOpenCommandHandler(SharedDocuments authority, DocumentStorage storage, MessageRouter router) {
        this.authority = authority;
        this.storage = storage;
        this.router = router;
    }

    @Override
    public MessageType type() {
        return MessageType.DOC_OPEN;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.DocOpen payload) {
        DocCommands.requireFileName(this.storage, payload.fileName());
        try {
            this.router.publishToConnection(context.connectionId(), context.sessionId(), MessageType.DOC_STATE,
                    this.authority.open(context.sessionId(), payload.fileName()));
        }
        catch (InvalidChangeException ex) {
            throw new CommandRejectedException(ex.code(), ex.getMessage(), ex.detail());
        }
        catch (IOException ex) {
            throw DocCommands.storageFailed(ex);
        }
    }
}
