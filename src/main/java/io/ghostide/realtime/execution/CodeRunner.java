package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.ExecutionResult.Status;
import io.ghostide.realtime.messaging.StreamType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Carries one run out in the sandbox on the calling thread, from a fresh directory to its result:
 * compiled if the language wants it, run with the input on stdin and both streams to the
 * listener, stopped at the deadline, the output or disk limit or on request, with none of its
 * processes left.
 */
final class CodeRunner {

    private static final Log logger = LogFactory.getLog(CodeRunner.class);

    /** How long the readers may take to see the end of the pipes once the run's processes are gone. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    /** Said on stderr when the server stopped a run for what it wrote to its working directory. */
    static final String DISK_LIMIT_NOTE = "\nThe run was stopped: its working directory held more than"
            + " ghostide.execution.work-dir-size bytes or " + WorkDirectoryWatch.MAX_ENTRIES + " entries\n";

    private static final int SIGKILL = 9;

    private static final int SIGXCPU = 24;

    private static final int SIGXFSZ = 25;

    /** One run, as asked for. */
    record RunRequest(String executionId, String sessionId, Language language, String code, @Nullable String input,
            Duration timeout) {
    }

    /** Why the server stopped a process before it ended by itself. */
    enum StopReason { TIMEOUT, OUTPUT_LIMIT, DISK_LIMIT, SHUTDOWN, STOPPED }

    private record PhaseOutcome(boolean compile, int exitCode, @Nullable StopReason stopped, @Nullable String stoppedBy) {

        PhaseOutcome(boolean compile, int exitCode, @Nullable StopReason stopped) {
            this(compile, exitCode, stopped, null);
        }
    }

    private final ExecutionProperties properties;

    private final Sandbox sandbox;

    private final ToolchainRegistry toolchains;

    private final RunDirectories directories;

    private final Supplier<List<RunDirectoryContributor>> contributors;

    private final Executor io;

    private final ScheduledExecutorService scheduler;

    CodeRunner(ExecutionProperties properties, Sandbox sandbox, ToolchainRegistry toolchains,
            RunDirectories directories, Supplier<List<RunDirectoryContributor>> contributors, Executor io,
            ScheduledExecutorService scheduler) {
        this.properties = properties;
        this.sandbox = sandbox;
        this.toolchains = toolchains;
        this.directories = directories;
        this.contributors = contributors;
        this.io = io;
        this.scheduler = scheduler;
    }

    Sandbox sandbox() {
        return this.sandbox;
    }

    /**
     * Runs the program and returns how it ended. The listener hears its output as it comes, and
     * nothing of it after this returns.
     *
     * @throws IOException if the run could not be set up or started (a sandbox failure)
     */
    ExecutionResult run(RunRequest request, StreamOutput.Listener listener) throws IOException {
        return run(request, listener, new RunControl(request.executionId(), request.sessionId(), null, "server", false,
                request.input(), Long.MAX_VALUE), Duration.ZERO);
    }

    /**
     * Runs the program under {@code control}: its stdin is the control's input, and a stop it asks
     * for sends SIGINT, then kills what is left after {@code stopGrace}.
     */
    ExecutionResult run(RunRequest request, StreamOutput.Listener listener, RunControl control, Duration stopGrace)
            throws IOException {
        long started = System.nanoTime();
        long deadline = started + request.timeout().toNanos();
        Toolchain toolchain = this.toolchains.toolchain(request.language());
        try (UidPool.Lease lease = this.sandbox.leaseUid()) {
            OptionalInt uid = lease == null ? OptionalInt.empty() : OptionalInt.of(lease.uid());
            // what a crashed server left running under this uid
            uid.ifPresent(ProcessSignals::killAllOf);
            Path directory = this.directories.create(request.executionId());
            try {
                for (RunDirectoryContributor contributor : this.contributors.get()) {
                    contributor.contribute(request.sessionId(), directory);
                }
                String sourceFile = request.language().sourceFileName(request.code());
                RunDirectories.writeFile(directory, sourceFile, request.code());
                RunDirectories.handOver(directory, uid);

                CompletableFuture<StopReason> stop = new CompletableFuture<>();
                long limit = this.properties.maxOutput().toBytes();
                StreamOutput stdout = new StreamOutput(StreamType.STDOUT, limit, this.properties.flushInterval(), this.scheduler,
                        listener, () -> stop.complete(StopReason.OUTPUT_LIMIT));
                StreamOutput stderr = stdout.sibling(StreamType.STDERR);
                control.output(stdout);
                PhaseOutcome outcome = null;
                WorkDirectoryWatch watch = new WorkDirectoryWatch(directory, this.properties.workDirSize().toBytes(),
                        () -> stop.complete(StopReason.DISK_LIMIT), this.scheduler, this.io);
                try {
                    for (Language.Phase phase : request.language().phases(toolchain, sourceFile, request.code(), this.properties)) {
                        if (control.stopRequested().isDone()) {
                            outcome = new PhaseOutcome(phase.compile(), -1, StopReason.STOPPED, control.stopRequested().join());
                            break;
                        }
                        outcome = execute(phase, directory, uid, control, deadline, stop, stdout, stderr, stopGrace);
                        if (outcome.stopped() != null || outcome.exitCode() != 0) {
                            break;
                        }
                    }
                }
                finally {
                    control.output(null);
                    watch.close();
                    stdout.close();
                    stderr.close();
                }
                return result(request.language(), outcome, stdout, stderr, System.nanoTime() - started);
            }
            finally {
                uid.ifPresent(ProcessSignals::killAllOf);
                RunDirectories.delete(directory);
            }
        }
    }

    private PhaseOutcome execute(Language.Phase phase, Path directory, OptionalInt uid, RunControl control,
            long deadline, CompletableFuture<StopReason> stop, StreamOutput stdout, StreamOutput stderr, Duration stopGrace)
            throws IOException {
        Map<String, String> environment = environment(phase, directory);
        List<String> command = this.sandbox.command(directory, environment, phase.command(), phase.limits(), uid);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (logger.isDebugEnabled()) {
            logger.debug("Starting " + command);
        }
        Process process = builder.start();
        CompletableFuture<Void> outDone = stdout.pump(process.getInputStream(), this.io);
        CompletableFuture<Void> errDone = stderr.pump(process.getErrorStream(), this.io);
        if (phase.compile()) {
            // a compiler reads no input
            closeQuietly(process.getOutputStream());
        }
        else {
            control.input().attach(process.getOutputStream(), this.io);
        }

        StopReason stopped = null;
        String stoppedBy = null;
        boolean interrupted = false;
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            CompletableFuture.anyOf(process.onExit(), stop, control.stopRequested()).get(remaining, TimeUnit.NANOSECONDS);
            if (stop.isDone() && process.isAlive()) {
                stopped = stop.join();
            }
            else if (control.stopRequested().isDone() && process.isAlive()) {
                stoppedBy = control.stopRequested().join();
                stopped = StopReason.STOPPED;
                // as a terminal's Ctrl+C: the program may clean up (Python prints its KeyboardInterrupt)
                ProcessSignals.interrupt(process.toHandle());
                process.onExit().get(stopGrace.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        catch (TimeoutException ex) {
            // the run's time is over, or a stopped program outlived its grace
            stopped = stopped == null ? StopReason.TIMEOUT : stopped;
        }
        catch (InterruptedException ex) {
            // the server is shutting down
            stopped = StopReason.SHUTDOWN;
            interrupted = true;
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Waiting for a run failed", ex);
        }
        if (stop.isDone() && stopped == null) {
            // the limit was reached as the program ended
            stopped = stop.join();
        }
        // whatever is left: the whole tree on a stop, children that outlived the program otherwise
        ProcessSignals.killTree(process.toHandle());
        uid.ifPresent(ProcessSignals::killAllOf);
        int exitCode = awaitExit(process);
        try {
            CompletableFuture.allOf(outDone, errDone).get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            // only without a pid namespace may a process we could not find hold the pipe open
            logger.warn("Output of a run still open " + DRAIN_TIMEOUT + " after its processes were killed; giving up on it");
        }
        catch (InterruptedException ex) {
            interrupted = true;
        }
        catch (ExecutionException ex) {
            logger.warn("Reading a run's output failed", ex.getCause());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new PhaseOutcome(phase.compile(), exitCode, stopped, stoppedBy);
    }

    private static int awaitExit(Process process) {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        logger.error("A run's process " + process.pid() + " did not end after it was killed");
        return -1;
    }

    private Map<String, String> environment(Language.Phase phase, Path directory) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", this.sandbox.layer().workDirectoryInside(directory));
        environment.put("LANG", "C.UTF-8");
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("TMPDIR", "/tmp");
        environment.putAll(phase.environment());
        return environment;
    }

    /**
     * How the run ended. A process the server stopped has no exit code of its own: {@code -1}.
     * A process killed by a signal exits {@code 128 + signal}, as a shell reports it.
     */
    static ExecutionResult result(Language language, @Nullable PhaseOutcome outcome, StreamOutput stdout,
            StreamOutput stderr, long elapsedNanos) {
        String out = stdout.text();
        String err = stderr.text();
        boolean truncated = stdout.truncated() || stderr.truncated();
        double seconds = Math.round(elapsedNanos / 1_000_000.0) / 1000.0;
        if (outcome == null) {
            return new ExecutionResult(out, err, -1, seconds, false, Status.KILLED, truncated);
        }
        int exit = outcome.exitCode();
        StopReason stopped = outcome.stopped();
        if (stopped == StopReason.TIMEOUT) {
            return new ExecutionResult(out, err, -1, seconds, true, Status.TIMED_OUT, truncated);
        }
        if (truncated || stopped == StopReason.OUTPUT_LIMIT) {
            return new ExecutionResult(out, err, -1, seconds, false, Status.OUTPUT_LIMIT_EXCEEDED, true);
        }
        if (stopped == StopReason.DISK_LIMIT) {
            return new ExecutionResult(out, err + DISK_LIMIT_NOTE, -1, seconds, false, Status.KILLED, truncated);
        }
        if (stopped == StopReason.STOPPED) {
            return new ExecutionResult(out, err, exit, seconds, false, Status.STOPPED, truncated, outcome.stoppedBy());
        }
        if (stopped == StopReason.SHUTDOWN) {
            return new ExecutionResult(out, err, -1, seconds, false, Status.KILLED, false);
        }
        Status status;
        boolean timedOut = false;
        if (exit == 0) {
            status = Status.OK;
        }
        else if (exit == 128 + SIGXCPU) {
            // the CPU time limit (RLIMIT_CPU) ends a run, or its compiler, as surely as the wall clock
            status = Status.TIMED_OUT;
            timedOut = true;
        }
        else if (outcome.compile() || (language == Language.JAVA && exit == 1
                && err.contains(Language.JAVA_COMPILATION_FAILED))) {
            status = Status.COMPILATION_ERROR;
        }
        else if (language.ranOutOfMemory(err)) {
            status = Status.MEMORY_LIMIT_EXCEEDED;
        }
        else if (exit == 128 + SIGKILL || exit == 128 + SIGXFSZ) {
            status = Status.KILLED;
        }
        else {
            status = Status.RUNTIME_ERROR;
        }
        return new ExecutionResult(out, err, exit, seconds, timedOut, status, false);
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        }
        catch (IOException ex) {
            // a program that already ended: nothing to close
        }
    }
}
