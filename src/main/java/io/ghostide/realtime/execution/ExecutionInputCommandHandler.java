package io.ghostide.realtime.execution;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code execution_input} command: text for an interactive run's stdin, published on the
 * session as {@code execution_input} where it falls among the run's output.
 */
@Component
class ExecutionInputCommandHandler implements SessionCommandHandler<ClientCommands.ExecutionInput> {

    private final RunSteering steering;

    ExecutionInputCommandHandler(RunSteering steering) {
        this.steering = steering;
    }

    @Override
    public MessageType type() {
        return MessageType.EXECUTION_INPUT;
    }

    @Override
    public Class<ClientCommands.ExecutionInput> payloadType() {
        return ClientCommands.ExecutionInput.class;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.ExecutionInput payload) {
        try {
            this.steering.input(context.sessionId(), payload.executionId(), payload.data(),
                    Boolean.TRUE.equals(payload.eof()), context.user());
        }
        catch (ExecutionRejectedException ex) {
            throw new CommandRejectedException(ex.status(), ex.title(), ex.detail());
        }
    }
}
