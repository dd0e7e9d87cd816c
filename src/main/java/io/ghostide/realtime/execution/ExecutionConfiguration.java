package io.ghostide.realtime.execution;

import java.time.Clock;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.system.JsonInputLimit;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Wires code execution in either cluster mode: the toolchains found, the sandbox picked by trying
 * it, the runner with its threads, the service that admits runs, and the steering of those going.
 */
@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

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
        return SandboxSelector.select(properties, directories, toolchains);
    }

    @Bean
    ExecutionStartupReport executionStartupReport(ExecutionProperties properties, Sandbox sandbox,
            ToolchainRegistry toolchains) {
        return new ExecutionStartupReport(properties, sandbox, toolchains);
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

    /** The runs of this instance that have not ended: the service registers them, the steering finds them. */
    @Bean
    RunRegistry executionRunRegistry() {
        return new RunRegistry();
    }

    @Bean
    ExecutionService executionService(ExecutionProperties properties, CodeRunner runner, ToolchainRegistry toolchains,
            MessageRouter router, ReaderPacing pacing, HookPublisher hooks, MeterRegistry meterRegistry,
            ThreadPoolTaskExecutor executionRunExecutor, RunControlProperties control, TranscriptStore transcripts,
            RunRegistry registry, RemoteRuns remote, Clock clock, SharedLeases leases) {
        // a run's thread starts its processes and must outlive them (their parent-death signal follows it)
        return new ExecutionService(properties, runner, toolchains, router, pacing, hooks, new ExecutionMetrics(meterRegistry),
                executionRunExecutor.getThreadPoolExecutor(), control, transcripts, registry, remote, clock,
                new FairShare(properties.maxRunsPerSession(), properties.maxRunsPerUser(), leases));
    }

    /** Stops and input for the runs that are going, from callers here and, through {@code remote}, elsewhere. */
    @Bean
    RunSteering executionRunSteering(RunRegistry registry, RemoteRuns remote, TranscriptStore transcripts,
            MessageRouter router, RunControlProperties control, ExecutionService service) {
        // a stopped run that still waits for a slot leaves the service's queue
        RunSteering steering = new RunSteering(registry, remote, transcripts, router, control, service::dequeue);
        remote.serve(steering);
        return steering;
    }

    /** The runs whose instance went away, as stops and input find them. */
    @Bean
    LostRuns executionLostRuns(RunSteering steering) {
        return steering::lost;
    }
}
