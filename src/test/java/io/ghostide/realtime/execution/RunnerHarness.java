package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;

/** A runner of real processes without the application around it, with the sandbox the given settings select. */
final class RunnerHarness implements AutoCloseable {

    final ExecutionProperties properties;

    final RunDirectories directories;

    final ToolchainRegistry toolchains;

    final Sandbox sandbox;

    final CodeRunner runner;

    private final ExecutorService io = Executors.newCachedThreadPool();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    RunnerHarness(Map<String, String> settings) {
        this(settings, List.of());
    }

    /** A harness whose runs' directories get files from {@code contributors} first. */
    RunnerHarness(Map<String, String> settings, List<RunDirectoryContributor> contributors) {
        this.properties = ExecutionPropertiesTests.bind(settings);
        this.directories = new RunDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ghostide-runner-tests"));
        this.toolchains = new ToolchainRegistry(this.properties);
        this.sandbox = SandboxSelector.select(this.properties, this.directories, this.toolchains);
        this.runner = new CodeRunner(this.properties, this.sandbox, this.toolchains, this.directories, () -> contributors,
                this.io, this.scheduler);
    }

    ExecutionResult run(String code, int timeoutSeconds) throws IOException {
        return run(Language.PYTHON, code, timeoutSeconds);
    }

    ExecutionResult run(Language language, String code, int timeoutSeconds) throws IOException {
        return run(language, code, timeoutSeconds, (stream, text) -> { });
    }

    ExecutionResult run(Language language, String code, int timeoutSeconds, StreamOutput.Listener listener)
            throws IOException {
        return this.runner.run(new CodeRunner.RunRequest(UUID.randomUUID().toString(), "harness", language,
                code, null, Duration.ofSeconds(timeoutSeconds)), listener);
    }

    /** The service around this runner, telling {@code router} and {@code hooks} (mocks, as a rule) what happens. */
    ExecutionService service(MessageRouter router, HookPublisher hooks) {
        // the service shuts its executor down when destroyed
        return new ExecutionService(this.properties, this.runner, this.toolchains, router, roomForAll(), hooks,
                new ExecutionMetrics(new SimpleMeterRegistry()),
                Executors.newFixedThreadPool(this.properties.effectiveMaxConcurrent()), CONTROL,
                new LocalTranscriptStore(CONTROL, java.time.Clock.systemUTC()), new RunRegistry(), RemoteRuns.NONE,
                java.time.Clock.systemUTC(),
                new FairShare(this.properties.maxRunsPerSession(), this.properties.maxRunsPerUser(),
                        SharedLeases.local()));
    }

    // a session without readers: output never waits
    private static ReaderPacing roomForAll() {
        ReaderPacing pacing = Mockito.mock(ReaderPacing.class);
        Mockito.when(pacing.awaitRoom(ArgumentMatchers.anyString(), ArgumentMatchers.anyLong(), ArgumentMatchers.any()))
                .thenReturn(true);
        return pacing;
    }

    // the defaults of ghostide.execution's run control
    static final RunControlProperties CONTROL = new RunControlProperties(Duration.ofSeconds(2),
            org.springframework.util.unit.DataSize.ofMegabytes(1), Duration.ofHours(1),
            org.springframework.util.unit.DataSize.ofMegabytes(64), 2000, 2000, Duration.ofSeconds(2));

    @Override
    public void close() {
        this.io.shutdownNow();
        this.scheduler.shutdownNow();
        this.directories.close();
    }
}
