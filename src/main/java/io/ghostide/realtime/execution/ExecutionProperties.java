package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.system.MinDataSize;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of code execution, under {@code ghostide.execution}. Every limit has a safe default;
 * a value out of range fails startup with a message naming the property and the bound.
 *
 * @param defaultTimeout wall time of a run when the request names none (compile and run together)
 * @param maxTimeout the largest {@code timeout} a request may ask for, at most {@link RunTimeout#MAX_SECONDS}
 * @param cpuTime CPU time each process of a run may use (RLIMIT_CPU), whole seconds
 * @param memory address space of a Python, C or C++ program (RLIMIT_AS); the heap of a Java or
 *        JavaScript program, whose runtimes get this plus {@link #RUNTIME_HEADROOM} of address space
 * @param compileMemory address space of the C and C++ compilers
 * @param maxProcesses processes and threads a run may have at once (RLIMIT_NPROC, in its own user namespace)
 * @param maxOpenFiles file descriptors per process (RLIMIT_NOFILE)
 * @param maxFileSize largest file a run may write (RLIMIT_FSIZE)
 * @param maxOutput bytes kept of each of stdout and stderr; beyond that the run is stopped
 * @param tmpSize size of the run's private {@code /tmp}
 * @param shmSize size of the run's private {@code /dev/shm}; the rest of {@code /dev} is read-only
 * @param workDirSize bytes the run's working directory may hold; a run that writes more is stopped.
 *        With {@code tmpSize} and {@code shmSize} this caps all a run can write
 * @param maxConcurrent runs at once; 0 means the number of processors
 * @param queueCapacity runs that may wait for a free slot; beyond that a request is refused with 429
 * @param maxRunsPerSession runs one session may have running or waiting at once; beyond that 429
 * @param maxRunsPerUser runs one user (or, anonymous, one client address) may have running or waiting at once
 * @param isolation the sandbox layer: {@code auto} picks the first that works of bwrap, unshare
 * @param allowUnsandboxed whether code may run with no isolation at all when no sandbox works (unsafe)
 * @param runDirectory where each run's private working directory is made; default {@code ${java.io.tmpdir}/ghostide-runs}
 * @param uidBase first uid a run is given when the server runs as root
 * @param uidCount how many uids from {@code uidBase} on runs may use (one per concurrent run)
 * @param flushInterval longest time output waits before it is sent to the session
 * @param outputBacklog how far the slowest connection of the session may fall behind a run's
 *        output before the run's pipes stop being read (the program then waits in its writes);
 *        below the connections' send buffer, so that a reader slower than the program slows the
 *        program down instead of being disconnected, unless it stays behind past
 *        {@code ghostide.connection.slow-consumer-timeout}
 * @param maxReaderStall longest the session's readers may hold one run's output back in all, however many
 *        come and go (each that stops reading is waited for up to the slow-consumer timeout); within it,
 *        no longer than the run has gone on unheld (250 ms at least); past that
 *        every reader the output would wait for is cut at once and the program goes on at its own pace.
 *        0 never waits for a reader
 * @param readOnlyPaths further host paths mounted read-only into the bubblewrap sandbox (such as a
 *        toolchain installed outside {@code /usr})
 * @param executables the interpreter or compiler of a language, by language id, instead of the one found
 */
@Validated
@ConfigurationProperties("ghostide.execution")
public record ExecutionProperties(
        @DefaultValue("30s") @NotNull @DurationMin(seconds = RunTimeout.MIN_SECONDS) Duration defaultTimeout,
        @DefaultValue("300s") @NotNull @DurationMin(seconds = RunTimeout.MIN_SECONDS)
        @DurationMax(seconds = RunTimeout.MAX_SECONDS) Duration maxTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(seconds = 1) Duration cpuTime,
        @DefaultValue("512MB") @NotNull @MinDataSize("16MB") DataSize memory,
        @DefaultValue("1GB") @NotNull @MinDataSize("64MB") DataSize compileMemory,
        @DefaultValue("64") @Min(1) int maxProcesses,
        @DefaultValue("128") @Min(16) int maxOpenFiles,
        @DefaultValue("16MB") @NotNull @MinDataSize("1KB") DataSize maxFileSize,
        @DefaultValue("1MB") @NotNull @MinDataSize("1KB") DataSize maxOutput,
        @DefaultValue("64MB") @NotNull @MinDataSize("1MB") DataSize tmpSize,
        @DefaultValue("8MB") @NotNull @MinDataSize("1MB") DataSize shmSize,
        @DefaultValue("64MB") @NotNull @MinDataSize("1MB") DataSize workDirSize,
        @DefaultValue("0") @Min(0) int maxConcurrent,
        @DefaultValue("4") @Min(0) int queueCapacity,
        @DefaultValue("2") @Min(1) int maxRunsPerSession,
        @DefaultValue("3") @Min(1) int maxRunsPerUser,
        @DefaultValue("auto") @NotNull Isolation isolation,
        @DefaultValue("false") boolean allowUnsandboxed,
        @Nullable Path runDirectory,
        @DefaultValue("60000") @Min(1000) int uidBase,
        @DefaultValue("1000") @Min(1) int uidCount,
        // at most 90 ms, so that a line reaches the session within 100 ms
        @DefaultValue("50ms") @NotNull @DurationMin(millis = 0) @DurationMax(millis = 90) Duration flushInterval,
        @DefaultValue("256KB") @NotNull @MinDataSize("16KB") DataSize outputBacklog,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 0) Duration maxReaderStall,
        @DefaultValue List<Path> readOnlyPaths,
        @DefaultValue Map<String, Path> executables) {

    /** Address space a JVM or V8 needs beyond its heap (code cache, metaspace, reservations). */
    public static final DataSize RUNTIME_HEADROOM = DataSize.ofGigabytes(1);

    /** Which sandbox layer runs the code. */
    public enum Isolation {
        /** the first layer that works: bwrap, then unshare; else none if allowed. */
        AUTO,
        /** bubblewrap. */
        BWRAP,
        /** user, network, pid and mount namespaces with {@code unshare}. */
        UNSHARE,
        /** no isolation: only rlimits, and a separate uid when the server runs as root. */
        NONE
    }

    public ExecutionProperties {
        readOnlyPaths = List.copyOf(readOnlyPaths);
        executables = Map.copyOf(executables);
    }

    // the checks that span two settings, or the keys of one; Bean Validation names them after the method

    @AssertTrue(message = "max-timeout must be at least default-timeout")
    boolean isMaxTimeoutAtLeastDefaultTimeout() {
        return this.maxTimeout == null || this.defaultTimeout == null || this.maxTimeout.compareTo(this.defaultTimeout) >= 0;
    }

    @AssertTrue(message = "uid-base + uid-count must be at most 65534, below the overflow uid")
    boolean isUidRangeBelowTheOverflowUid() {
        return (long) this.uidBase + this.uidCount <= 65534;
    }

    @AssertTrue(message = "executables must be keyed by language ids, as in GET /api/v1/languages")
    boolean isEveryExecutableKeyedByALanguage() {
        return this.executables.keySet().stream().allMatch(language -> Language.byId(language) != null);
    }

    /** Runs at once: {@code maxConcurrent}, or the number of processors when that is 0. */
    public int effectiveMaxConcurrent() {
        return this.maxConcurrent > 0 ? this.maxConcurrent : Runtime.getRuntime().availableProcessors();
    }

    /** Where run directories are made. */
    public Path effectiveRunDirectory() {
        return this.runDirectory != null ? this.runDirectory
                : Path.of(System.getProperty("java.io.tmpdir"), "ghostide-runs");
    }
}
