package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of code execution, under {@code ghostide.execution}. Every limit has a safe default;
 * a value out of range fails startup with a message naming the property.
 *
 * @param defaultTimeout wall time of a run when the request names none (compile and run together)
 * @param maxTimeout the largest {@code timeout} a request may ask for; the contract allows at most 300 s
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
 * @param isolation the sandbox layer: {@code auto} picks the first that works of bwrap, unshare
 * @param allowUnsandboxed whether code may run with no isolation at all when no sandbox works (unsafe)
 * @param runDirectory where each run's private working directory is made; default {@code ${java.io.tmpdir}/ghostide-runs}
 * @param uidBase first uid a run is given when the server runs as root
 * @param uidCount how many uids from {@code uidBase} on runs may use (one per concurrent run)
 * @param flushInterval longest time output waits before it is sent to the session
 * @param outputBacklog how far the slowest connection of the session may fall behind a run's
 *        output before the run's pipes stop being read (the program then waits in its writes);
 *        below the connections' send buffer, so that a reader slower than the program slows the
 *        program down instead of being disconnected
 * @param readOnlyPaths further host paths mounted read-only into the bubblewrap sandbox (such as a
 *        toolchain installed outside {@code /usr})
 * @param executables the interpreter or compiler of a language, by language id, instead of the one found
 */
@ConfigurationProperties("ghostide.execution")
public record ExecutionProperties(
        @DefaultValue("30s") Duration defaultTimeout,
        @DefaultValue("300s") Duration maxTimeout,
        @DefaultValue("10s") Duration cpuTime,
        @DefaultValue("512MB") DataSize memory,
        @DefaultValue("1GB") DataSize compileMemory,
        @DefaultValue("64") int maxProcesses,
        @DefaultValue("128") int maxOpenFiles,
        @DefaultValue("16MB") DataSize maxFileSize,
        @DefaultValue("1MB") DataSize maxOutput,
        @DefaultValue("64MB") DataSize tmpSize,
        @DefaultValue("8MB") DataSize shmSize,
        @DefaultValue("64MB") DataSize workDirSize,
        @DefaultValue("0") int maxConcurrent,
        @DefaultValue("4") int queueCapacity,
        @DefaultValue("auto") Isolation isolation,
        @DefaultValue("false") boolean allowUnsandboxed,
        @Nullable Path runDirectory,
        @DefaultValue("60000") int uidBase,
        @DefaultValue("1000") int uidCount,
        @DefaultValue("50ms") Duration flushInterval,
        @DefaultValue("256KB") DataSize outputBacklog,
        @DefaultValue List<Path> readOnlyPaths,
        @DefaultValue Map<String, Path> executables) {

    /** Address space a JVM or V8 needs beyond its heap (code cache, metaspace, reservations). */
    public static final DataSize RUNTIME_HEADROOM = DataSize.ofGigabytes(1);

    /** The contract's bounds of a request's {@code timeout}. */
    static final Duration CONTRACT_MAX_TIMEOUT = Duration.ofSeconds(300);

    private static final String PREFIX = "ghostide.execution.";

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
        require(defaultTimeout.compareTo(Duration.ofSeconds(1)) >= 0, "default-timeout", "at least 1s", defaultTimeout);
        require(maxTimeout.compareTo(CONTRACT_MAX_TIMEOUT) <= 0 && maxTimeout.compareTo(defaultTimeout) >= 0,
                "max-timeout", "between default-timeout and 300s", maxTimeout);
        require(cpuTime.compareTo(Duration.ofSeconds(1)) >= 0, "cpu-time", "at least 1s", cpuTime);
        require(memory.toMegabytes() >= 16, "memory", "at least 16MB", memory);
        require(compileMemory.toMegabytes() >= 64, "compile-memory", "at least 64MB", compileMemory);
        require(maxProcesses >= 1, "max-processes", "at least 1", maxProcesses);
        require(maxOpenFiles >= 16, "max-open-files", "at least 16", maxOpenFiles);
        require(maxFileSize.toBytes() >= 1024, "max-file-size", "at least 1KB", maxFileSize);
        require(maxOutput.toBytes() >= 1024, "max-output", "at least 1KB", maxOutput);
        require(tmpSize.toMegabytes() >= 1, "tmp-size", "at least 1MB", tmpSize);
        require(shmSize.toMegabytes() >= 1, "shm-size", "at least 1MB", shmSize);
        require(workDirSize.toMegabytes() >= 1, "work-dir-size", "at least 1MB", workDirSize);
        require(maxConcurrent >= 0, "max-concurrent", "0 (the number of processors) or more", maxConcurrent);
        require(queueCapacity >= 0, "queue-capacity", "0 or more", queueCapacity);
        require(uidBase >= 1000, "uid-base", "at least 1000 (away from system users)", uidBase);
        require(uidCount >= 1 && (long) uidBase + uidCount <= 65534, "uid-count", "at least 1, and uid-base + uid-count at most 65534",
                uidCount);
        require(!flushInterval.isNegative() && flushInterval.compareTo(Duration.ofMillis(90)) <= 0,
                "flush-interval", "between 0 and 90ms, so that a line reaches the session within 100 ms", flushInterval);
        require(outputBacklog.toBytes() >= 16 * 1024, "output-backlog", "at least 16KB (one message of output)", outputBacklog);
        for (String language : executables.keySet()) {
            require(Language.byId(language) != null, "executables", "keyed by a language id " + Language.ids(), language);
        }
        readOnlyPaths = List.copyOf(readOnlyPaths);
        executables = Map.copyOf(executables);
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

    private static void require(boolean condition, String property, String expectation, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(
                    PREFIX + property + " must be " + expectation + ", but is " + value);
        }
    }
}
