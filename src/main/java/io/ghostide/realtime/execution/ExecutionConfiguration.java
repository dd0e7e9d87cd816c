package io.ghostide.realtime.execution;

import java.time.Clock;
import java.util.stream.Collectors;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.system.JsonInputLimit;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Wires code execution: finds the toolchains, picks the sandbox by trying it, and says at
 * startup what runs here and how it is isolated.
 */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    private static final Log logger = LogFactory.getLog(ExecutionConfiguration.class);

    @Bean
    ToolchainRegistry executionToolchains(ExecutionProperties properties) {
        return new ToolchainRegistry(properties);
    }

    @Bean(destroyMethod = "close")
    RunDirectories executionRunDirectories(ExecutionProperties properties) {
        return new RunDirectories(properties.effectiveRunDirectory());
    }

    @Bean
    Sandbox executionSandbox(ExecutionProperties properties, RunDirectories directories, ToolchainRegistry toolchains) {
        Sandbox sandbox = SandboxSelector.select(properties, directories, toolchains);
        report(properties, sandbox, toolchains);
        return sandbox;
    }

    /** Pipe readers and stdin writers of the runs: a thread per stream while it is open. */
    @Bean
    ThreadPoolTaskExecutor executionIoExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        // no core threads and no queue: a new thread when none is idle, as a cached pool does
        executor.setCorePoolSize(0);
        executor.setMaxPoolSize(Integer.MAX_VALUE);
        executor.setQueueCapacity(0);
        executor.setThreadNamePrefix("exec-io-");
        executor.setDaemon(true);
        executor.setAcceptTasksAfterContextClose(true);
        return executor;
    }

    /** The timer of output flushes. */
    @Bean
    ThreadPoolTaskScheduler executionFlushScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("exec-flush-");
        scheduler.setDaemon(true);
        scheduler.setAcceptTasksAfterContextClose(true);
        return scheduler;
    }

    /** The runs themselves, one thread per slot; waiting runs queue here, bounded by admission. */
    @Bean
    ThreadPoolTaskExecutor executionRunExecutor(ExecutionProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.effectiveMaxConcurrent());
        executor.setMaxPoolSize(properties.effectiveMaxConcurrent());
        executor.setThreadNamePrefix("exec-run-");
        executor.setDaemon(true);
        // until the context is destroyed: ExecutionService then fails the waiting runs and stops the running ones
        executor.setAcceptTasksAfterContextClose(true);
        return executor;
    }

    /** A run's body: its code and input, each at most {@link ExecutionService#MAX_SOURCE_CHARS} characters. */
    @Bean
    static JsonInputLimit executionRunBody() {
        return JsonInputLimit.forText("/api/v1/execution/execute/websocket", 2L * ExecutionService.MAX_SOURCE_CHARS,
                ExecutionService.MAX_SOURCE_CHARS,
                "a run's code and input, " + ExecutionService.MAX_SOURCE_CHARS + " characters each");
    }

    @Bean
    CodeRunner executionCodeRunner(ExecutionProperties properties, Sandbox sandbox, ToolchainRegistry toolchains,
            RunDirectories directories, ObjectProvider<RunDirectoryContributor> contributors,
            ThreadPoolTaskExecutor executionIoExecutor, ThreadPoolTaskScheduler executionFlushScheduler) {
        return new CodeRunner(properties, sandbox, toolchains, directories, () -> contributors.orderedStream().toList(),
                executionIoExecutor.getThreadPoolExecutor(), executionFlushScheduler.getScheduledExecutor());
    }

    @Bean
    ExecutionService executionService(ExecutionProperties properties, CodeRunner runner, ToolchainRegistry toolchains,
            MessageRouter router, ReaderPacing pacing, HookPublisher hooks, MeterRegistry meterRegistry,
            ThreadPoolTaskExecutor executionRunExecutor, RunControlProperties control, TranscriptStore transcripts,
            RemoteRuns remote, Clock clock, SharedLeases leases) {
        // a run's thread starts its processes and must outlive them (their parent-death signal follows it)
        return new ExecutionService(properties, runner, toolchains, router, pacing, hooks, new ExecutionMetrics(meterRegistry),
                executionRunExecutor.getThreadPoolExecutor(), control, transcripts, remote, clock,
                new FairShare(properties.maxRunsPerSession(), properties.maxRunsPerUser(), leases));
    }

    /** The runs whose instance went away, as stops and input find them. */
    @Bean
    LostRuns executionLostRuns(ExecutionService service) {
        return service.steering()::lost;
    }

        /** One instance: every run is here. */
    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    RemoteRuns localRemoteRuns() {
        return RemoteRuns.NONE;
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    TranscriptStore localTranscriptStore(RunControlProperties control, Clock clock) {
        return new LocalTranscriptStore(control, clock);
    }

    private static void report(ExecutionProperties properties, Sandbox sandbox, ToolchainRegistry toolchains) {
        String available = toolchains.all().stream().filter(Toolchain::available)
                .map(toolchain -> toolchain.language().id() + " (" + toolchain.requireExecutable() + ")")
                .collect(Collectors.joining(", "));
        String missing = toolchains.all().stream().filter(toolchain -> !toolchain.available())
                .map(toolchain -> toolchain.language().id() + " (" + toolchain.detail() + ")")
                .collect(Collectors.joining(", "));
        if (!sandbox.rejected().isEmpty()) {
            logger.info("Sandbox layers that do not work here: " + String.join("; ", sandbox.rejected()));
        }
        String refusal = sandbox.refusal();
        if (refusal != null) {
            logger.error(refusal);
            return;
        }
        UidPool uids = sandbox.uids();
        String privileges = uids != null
                ? "each run as a uid of its own from " + uids.base() + " (the server runs as root)"
                : "runs keep the server's uid outside their user namespace (the server is not root)";
        logger.info("Code execution: sandbox " + sandbox.layer().name() + ", " + privileges + "; "
                + properties.effectiveMaxConcurrent() + " at once and " + properties.queueCapacity() + " waiting; "
                + "languages: " + (available.isEmpty() ? "none" : available)
                + (missing.isEmpty() ? "" : "; unavailable: " + missing));
        if (!sandbox.layer().isolated()) {
            logger.warn("Code runs WITHOUT isolation (ghostide.execution.allow-unsandboxed=true): a program sees the"
                    + " host's network, processes and files; only rlimits" + (uids != null ? " and its own uid" : "")
                    + " limit it");
        }
    }
}
