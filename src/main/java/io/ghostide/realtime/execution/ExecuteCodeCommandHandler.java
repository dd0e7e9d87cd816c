package io.ghostide.realtime.execution;

import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code execute_code} command: the same run as the endpoint, streamed to the session. It
 * returns at once; a run that cannot start is answered to the sender with an {@code error} as
 * well as {@code execution_error} on the session.
 */
@Component
class ExecuteCodeCommandHandler implements SessionCommandHandler<ClientCommands.ExecuteCode> {

    private final ExecutionService service;

    private final ConnectionRegistry connections;

    ExecuteCodeCommandHandler(ExecutionService service, ConnectionRegistry connections) {
        this.service = service;
        this.connections = connections;
    }

    @Override
    public MessageType type() {
        return MessageType.EXECUTE_CODE;
    }

    @Override
    public Class<ClientCommands.ExecuteCode> payloadType() {
        return ClientCommands.ExecuteCode.class;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.ExecuteCode payload) {
        try {
            String clientKey = this.connections.clientKeyOf(context.connectionId());
            this.service.submit(context.sessionId(), clientKey, payload.code(), payload.language(), payload.timeout(),
                    payload.input(), new RunOptions(Boolean.TRUE.equals(payload.interactive()),
                            payload.requestId(), context.user()));
        }
        catch (ExecutionRejectedException ex) {
            throw new CommandRejectedException(ex.status(), ex.title(), ex.detail());
        }
    }
}
