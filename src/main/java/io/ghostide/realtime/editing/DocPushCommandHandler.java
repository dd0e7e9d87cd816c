package io.ghostide.realtime.editing;

import java.io.IOException;

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
 * The {@code doc_push} command: the session hears {@code doc_update} when the push is taken; a
 * push made on another version gets {@code doc_rejected}, and one that cannot be taken an
 * {@code error}, both to the sender alone.
 */
@Component
class DocPushCommandHandler implements SessionCommandHandler<ClientCommands.DocPush> {

    private final SharedDocuments authority;

    private final DocumentStorage storage;

    private final MessageRouter router;

    private final DocsProperties properties;

    DocPushCommandHandler(SharedDocuments authority, DocumentStorage storage, MessageRouter router,
            DocsProperties properties) {
        this.authority = authority;
        this.storage = storage;
        this.router = router;
        this.properties = properties;
    }

    @Override
    public MessageType type() {
        return MessageType.DOC_PUSH;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.DocPush payload) {
        DocCommands.requireFileName(this.storage, payload.fileName());
        if (payload.updates().size() > this.properties.maxUpdatesPerPush()) {
            throw new CommandRejectedException(413, "Too many updates", "A push carries at most "
                    + this.properties.maxUpdatesPerPush() + " updates (ghostide.docs.max-updates-per-push); got "
                    + payload.updates().size());
        }
        for (ClientCommands.DocPushUpdate update : payload.updates()) {
            if (SharedDocuments.SERVER_CLIENT_ID.equals(update.clientId())) {
                throw new CommandRejectedException(400, "Invalid data for doc_push", "client_id \""
                        + SharedDocuments.SERVER_CLIENT_ID + "\" names the server's own updates");
            }
        }
        Payloads.DocRejected rejected;
        try {
            rejected = this.authority.push(context.sessionId(), payload.fileName(), payload.version(), payload.updates(),
                    context.user());
        }
        catch (InvalidChangeException ex) {
            throw new CommandRejectedException(ex.code(), ex.getMessage(), ex.detail());
        }
        catch (IOException ex) {
            throw DocCommands.storageFailed(ex);
        }
        if (rejected != null) {
            this.router.publishToConnection(context.connectionId(), context.sessionId(), MessageType.DOC_REJECTED, rejected);
        }
    }
}
