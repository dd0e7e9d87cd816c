package io.ghostide.realtime.messaging.stomp;

import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The ordering rules the application refuses to start without. */
class MessageOrderGuardTests {

    private static final ExecutorSubscribableChannel DIRECT = new ExecutorSubscribableChannel();

    private static final ExecutorSubscribableChannel SYNC = new ExecutorSubscribableChannel(new SyncTaskExecutor());

    private static ExecutorSubscribableChannel pooled() {
        return new ExecutorSubscribableChannel(new TaskExecutorAdapter(Executors.newSingleThreadExecutor()));
    }

    @Test
    void theApplicationsOwnSetupPasses() {
        assertThatCode(() -> MessageOrderGuard.check(DIRECT, SYNC, SYNC, true)).doesNotThrowAnyException();
        assertThatCode(() -> MessageOrderGuard.check(DIRECT, SYNC, pooled(), true)).doesNotThrowAnyException();
    }

    @Test
    void anExecutorOnTheBrokerChannelIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> MessageOrderGuard.check(pooled(), SYNC, SYNC, true))
                .withMessageContaining("broker channel has an executor");
    }

    @Test
    void anAsynchronousOutboundChannelIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> MessageOrderGuard.check(DIRECT, pooled(), SYNC, true))
                .withMessageContaining("client outbound channel");
    }

    @Test
    void anAsynchronousInboundChannelWithoutPreserveReceiveOrderIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> MessageOrderGuard.check(DIRECT, SYNC, pooled(), false))
                .withMessageContaining("setPreserveReceiveOrder(true)");
    }
}
