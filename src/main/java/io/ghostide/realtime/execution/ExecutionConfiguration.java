package io.ghostide.realtime.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

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

    @Bean(destroyMethod = "close")
    ExecutionThreads executionThreads() {
        return new ExecutionThreads();
    }

    @Bean
    CodeRunner executionCodeRunner(ExecutionProperties properties, Sandbox sandbox, ToolchainRegistry toolchains,
            RunDirectories directories, ObjectProvider<RunDirectoryContributor> contributors, ExecutionThreads threads) {
        return new CodeRunner(properties, sandbox, toolchains, directories, () -> contributors.orderedStream().toList(),
                threads.io(), threads.flushes());
    }

    @Bean
    ExecutionService executionService(ExecutionProperties properties, CodeRunner runner, ToolchainRegistry toolchains,
            MessageRouter router, HookPublisher hooks, MeterRegistry meterRegistry) {
        return new ExecutionService(properties, runner, toolchains, router, hooks, new ExecutionMetrics(meterRegistry));
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

    /** The threads of the runs' plumbing: pipe readers and stdin writers, and the timer of output flushes. */
    static final class ExecutionThreads implements AutoCloseable {

        private final ExecutorService io;

        private final ScheduledExecutorService flushes;

        ExecutionThreads() {
            CustomizableThreadFactory ioThreads = new CustomizableThreadFactory("exec-io-");
            ioThreads.setDaemon(true);
            this.io = Executors.newCachedThreadPool(ioThreads);
            CustomizableThreadFactory flushThreads = new CustomizableThreadFactory("exec-flush-");
            flushThreads.setDaemon(true);
            this.flushes = Executors.newSingleThreadScheduledExecutor(flushThreads);
        }

        ExecutorService io() {
            return this.io;
        }

        ScheduledExecutorService flushes() {
            return this.flushes;
        }

        @Override
        public void close() {
            this.flushes.shutdownNow();
            this.io.shutdownNow();
        }
    }
}
