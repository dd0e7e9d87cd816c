package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.connection.ReaderPacing;
import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Admits runs, from the endpoint and the {@code execute_code} command alike, to the slots and
 * queue of this server: a run whose language can run here gets a slot or a place in the queue
 * within its session's and user's share; a run refused is answered with {@code execution_error}
 * on the session and an exception to the caller. A run admitted is carried out on its slot's
 * thread by {@link RunCarrier}; the caller gets the whole result.
 */
class ExecutionService implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ExecutionService.class);

    /** Code and input beyond this are refused (a WebSocket frame is far smaller anyway). */
    static final int MAX_SOURCE_CHARS = 1_000_000;

    private final ExecutionProperties properties;

    private final CodeRunner runner;

    private final ToolchainRegistry toolchains;

    private final RunAnnouncements announcements;

    private final RunCarrier carrier;

    private final ExecutionMetrics metrics;

    private final int slots;

    // one permit per run slot and per place in the queue: admission is decided here, not by the
    // executor, so a permit is free again before the caller learns that the run ended
    private final Semaphore admissions;

    // one thread per slot, an unbounded queue (admissions bound it); shut down by destroy()
    private final ExecutorService runs;

    private final AtomicInteger active = new AtomicInteger();

    private final FairShare shares;

    /** A run admitted: its id, and its result once it ended. */
    record Submission(String executionId, CompletableFuture<ExecutionResult> result) {
    }

    private final RunControlProperties control;

    private final RunRegistry registry;

    private final RemoteRuns remote;

    // execution id -> the run waiting for a slot, so a stop can take it out of the queue
    private final java.util.Map<String, AdmittedRun> waiting = new java.util.concurrent.ConcurrentHashMap<>();

    ExecutionService(ExecutionProperties properties, CodeRunner runner, ToolchainRegistry toolchains,
            MessageRouter router, ReaderPacing pacing, HookPublisher hooks, ExecutionMetrics metrics, ExecutorService runs,
            RunControlProperties control, TranscriptStore transcripts, RunRegistry registry, RemoteRuns remote,
            java.time.Clock clock, FairShare shares) {
        this.control = control;
        this.registry = registry;
        this.remote = remote;
        this.properties = properties;
        this.runner = runner;
        this.toolchains = toolchains;
        this.announcements = new RunAnnouncements(router, pacing, hooks, transcripts, properties, clock);
        this.carrier = new RunCarrier(runner, this.announcements, metrics, control.stopGrace());
        this.metrics = metrics;
        this.slots = properties.effectiveMaxConcurrent();
        this.admissions = new Semaphore(this.slots + properties.queueCapacity());
        this.shares = shares;
        this.runs = runs;
        metrics.bindGauges(this);
    }

    /**
     * Admits a run of {@code code} in the session.
     *
     * @throws ExecutionRejectedException when it cannot run: 400 for an unknown or unavailable
     *         language or a bad timeout, 413 for code too large, 429 when too many runs are
     *         running and waiting, 503 when this server runs no code
     */
    Submission submit(String sessionId, String code, String languageId, @Nullable Integer timeoutSeconds,
            @Nullable String input) {
        return submit(sessionId, null, code, languageId, timeoutSeconds, input);
    }

    /**
     * Admits a run for {@code user} (see {@link io.ghostide.realtime.limits.ClientKeys}), within
     * the session's and the user's share of the slots and the queue.
     */
    Submission submit(String sessionId, @Nullable String user, String code, String languageId,
            @Nullable Integer timeoutSeconds, @Nullable String input) {
        return submit(sessionId, user, code, languageId, timeoutSeconds, input, RunOptions.NONE);
    }

    /** Admits a run as {@link #submit(String, String, String, String, Integer, String)} does, with its options. */
    Submission submit(String sessionId, @Nullable String user, String code, String languageId,
            @Nullable Integer timeoutSeconds, @Nullable String input, RunOptions options) {
        String executionId = UUID.randomUUID().toString();
        Duration timeout = RunTimeout.of(timeoutSeconds, this.properties);
        if (code.length() > MAX_SOURCE_CHARS || (input != null && input.length() > MAX_SOURCE_CHARS)) {
            throw new ExecutionRejectedException(413, "Code too large",
                    "code and input may have at most " + MAX_SOURCE_CHARS + " characters each", null);
        }
        if (input != null && input.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                > this.control.maxInput().toBytes()) {
            throw new ExecutionRejectedException(413, "Input too large", "a run may be given at most "
                    + this.control.maxInput().toBytes() + " bytes of input in all (ghostide.execution.max-input)", null);
        }
        Language language = Language.byId(languageId);
        if (language == null) {
            throw refuse(sessionId, executionId, 400, "Unknown language", "unknown_language",
                    "'" + abbreviate(languageId) + "' is not a language this server runs; it knows " + Language.ids());
        }
        Toolchain toolchain = this.toolchains.toolchain(language);
        if (!toolchain.available()) {
            throw refuse(sessionId, executionId, 400, "Language not available", "unavailable",
                    language.displayName() + " cannot run on this server: " + toolchain.detail());
        }
        String refusal = this.runner.sandbox().refusal();
        if (refusal != null) {
            throw refuse(sessionId, executionId, 503, "Code execution disabled", "disabled", refusal);
        }
        FairShare.Held share;
        try {
            share = this.shares.take(sessionId, user, executionId);
        }
        catch (ExecutionRejectedException ex) {
            throw refuse(sessionId, executionId, ex.status(), ex.title(), ex.status() == 429 ? "busy" : "shared_state_unavailable",
                    ex.detail());
        }
        if (!this.admissions.tryAcquire()) {
            share.close();
            throw refuse(sessionId, executionId, 429, "Too many runs", "busy", this.slots + " runs are running and "
                    + this.properties.queueCapacity() + " waiting, the most this server takes; try again shortly");
        }
        CodeRunner.RunRequest request = new CodeRunner.RunRequest(executionId, sessionId, language, code, input, timeout);
        RunControl control = new RunControl(executionId, sessionId, options.requestId(), options.user(),
                options.interactive(), input, this.control.maxInput().toBytes());
        CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
        result.whenComplete((done, failure) -> {
            share.close();
            control.ended();
            this.registry.remove(control);
            this.remote.release(control);
        });
        AdmittedRun admitted = new AdmittedRun(request, control, result);
        this.registry.register(control);
        this.remote.claim(control);
        this.waiting.put(executionId, admitted);
        try {
            this.runs.execute(admitted);
        }
        catch (RuntimeException ex) {
            // the executor is shut down: the server is stopping
            this.waiting.remove(executionId);
            this.registry.remove(control);
            this.remote.release(control);
            this.admissions.release();
            share.close();
            throw refuse(sessionId, executionId, 503, "Shutting down", "disabled", "the server is stopping");
        }
        return new Submission(executionId, result);
    }

    // the permit is freed before the caller learns that the run ended
    private void runAdmitted(AdmittedRun run) {
        this.active.incrementAndGet();
        ExecutionResult result = null;
        RuntimeException failure = null;
        try {
            result = this.carrier.carry(run.request(), run.control());
        }
        catch (RuntimeException ex) {
            // a sandbox failure, told to the session already, or a failure in telling it
            failure = ex;
        }
        finally {
            this.active.decrementAndGet();
            this.admissions.release();
        }
        if (result != null) {
            run.result().complete(result);
        }
        else {
            run.result().completeExceptionally(failure);
        }
    }

    /** Takes a stopped run out of the queue, if it is still there, and ends it at once. */
    void dequeue(RunControl control, String by) {
        AdmittedRun queued = this.waiting.get(control.executionId());
        if (queued != null && this.waiting.remove(control.executionId(), queued)) {
            if (this.runs instanceof java.util.concurrent.ThreadPoolExecutor pool) {
                pool.remove(queued);
            }
            this.admissions.release();
            ExecutionResult result = RunCarrier.stoppedWhileQueued(by);
            try {
                this.carrier.endStoppedWhileQueued(queued.request(), queued.control(), result);
            }
            finally {
                queued.result().complete(result);
            }
        }
    }

    private ExecutionRejectedException refuse(String sessionId, String executionId, int code, String error,
            String reason, String detail) {
        this.metrics.recordRejected(reason);
        this.announcements.error(sessionId, executionId, code, error, detail);
        return new ExecutionRejectedException(code, error, detail, executionId);
    }

    /** Runs executing now. */
    int activeRuns() {
        return this.active.get();
    }

    /** Runs admitted and waiting for a slot. */
    int queuedRuns() {
        int admitted = this.slots + this.properties.queueCapacity() - this.admissions.availablePermits();
        return Math.max(0, admitted - this.active.get());
    }

    /**
     * The longest an HTTP caller may wait for a result: every run ahead of it in the queue, then
     * its own, each up to the longest timeout plus the time to tear it down.
     */
    Duration responseTimeout() {
        int rounds = 1 + (this.properties.queueCapacity() + this.slots - 1) / this.slots;
        return this.properties.maxTimeout().plusSeconds(30).multipliedBy(rounds);
    }

    @Override
    public void destroy() {
        // interrupts every run: each kills its processes and reports itself killed
        for (Runnable waiting : this.runs.shutdownNow()) {
            if (waiting instanceof AdmittedRun run) {
                run.result().completeExceptionally(new ExecutionRejectedException(503, "Shutting down",
                        "the server stopped before the run began", run.request().executionId()));
            }
        }
        try {
            if (!this.runs.awaitTermination(10, TimeUnit.SECONDS)) {
                logger.warn("Runs still ending 10 s after shutdown began");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** A run waiting for or holding a slot. */
    private final class AdmittedRun implements Runnable {

        private final CodeRunner.RunRequest request;

        private final RunControl control;

        private final CompletableFuture<ExecutionResult> result;

        AdmittedRun(CodeRunner.RunRequest request, RunControl control, CompletableFuture<ExecutionResult> result) {
            this.request = request;
            this.control = control;
            this.result = result;
        }

        RunControl control() {
            return this.control;
        }

        CodeRunner.RunRequest request() {
            return this.request;
        }

        CompletableFuture<ExecutionResult> result() {
            return this.result;
        }

        @Override
        public void run() {
            // a stop that took it out of the queue won the race; it ended there
            if (ExecutionService.this.waiting.remove(this.request.executionId(), this)) {
                runAdmitted(this);
            }
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
