package io.ghostide.realtime.workspace;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code save_file} command. It saves inline rather than on an executor: a frame is at most
 * 64 KiB and a local write takes milliseconds, and the inbound channel keeps one connection's
 * frames in order, so two quick saves of the same file land in the order the client sent them.
 */
@Component
class SaveFileCommandHandler implements SessionCommandHandler<ClientCommands.SaveFile> {

    private final SessionFileService files;

    SaveFileCommandHandler(SessionFileService files) {
        this.files = files;
    }

    @Override
    public MessageType type() {
        return MessageType.SAVE_FILE;
    }

    @Override
    public Class<ClientCommands.SaveFile> payloadType() {
        return ClientCommands.SaveFile.class;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.SaveFile payload) {
        try {
            this.files.save(context.sessionId(), payload.fileName(), payload.content(), payload.language(),
                    context.user());
        }
        catch (SessionFileException ex) {
            throw new CommandRejectedException(ex.getStatusCode().value(), ex.title(), ex.detail());
        }
    }
}
