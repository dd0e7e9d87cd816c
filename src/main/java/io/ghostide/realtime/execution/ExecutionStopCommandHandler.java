package io.ghostide.realtime.execution;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code execution_stop} command: stops a run of the session, found by its id or by the
 * {@code request_id} its client gave. The session hears its {@code execution_complete}; only a
 * refusal (404, 409) is answered to the sender.
 */
@Component
class ExecutionStopCommandHandler implements SessionCommandHandler<ClientCommands.ExecutionStop> {

    private final RunSteering steering;

    ExecutionStopCommandHandler(RunSteering steering) {
        this.steering = steering;
    }

    @Override
    public MessageType type() {
        return MessageType.EXECUTION_STOP;
    }

    @Override
    public Class<ClientCommands.ExecutionStop> payloadType() {
        return ClientCommands.ExecutionStop.class;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.ExecutionStop payload) {
        try {
            this.steering.stop(context.sessionId(), payload.executionId(), payload.requestId(), context.user());
        }
        catch (ExecutionRejectedException ex) {
            throw new CommandRejectedException(ex.status(), ex.title(), ex.detail());
        }
    }
}
