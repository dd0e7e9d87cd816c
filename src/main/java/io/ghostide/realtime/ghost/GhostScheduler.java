package io.ghostide.realtime.ghost;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Ghost's own threads: where answers start, offline answers stream, timeouts and the
 * {@code on_save} debounce fire. Kept behind this type rather than exposed as an
 * {@code Executor} bean, which would make Spring Boot drop its own application task executor.
 */
final class GhostScheduler implements DisposableBean {

    private final ScheduledThreadPoolExecutor executor;

    GhostScheduler(int threads) {
        CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("ghost-");
        threadFactory.setDaemon(true);
        this.executor = new ScheduledThreadPoolExecutor(threads, threadFactory);
        // timers are cancelled far more often than they fire
        this.executor.setRemoveOnCancelPolicy(true);
    }

    ScheduledExecutorService executor() {
        return this.executor;
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }
}
