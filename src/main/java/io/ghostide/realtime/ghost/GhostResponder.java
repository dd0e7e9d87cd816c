package io.ghostide.realtime.ghost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SessionIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns questions and hook reactions into answers on the session. Each answer is a
 * {@link Reply} that runs in its session's {@link ReplyLane} and always publishes, in order:
 * <ul>
 * <li>{@code ai_typing true}, {@code ai_response_chunk}s (index 0, 1, …), one {@code ai_response}
 * with the whole text, {@code ai_typing false}; or</li>
 * <li>{@code ai_typing true}, maybe some chunks, one {@code ai_error}, {@code ai_typing false} when the
 * provider fails or a timeout (first token, total) strikes; or</li>
 * <li>{@code ai_typing true}, maybe some chunks, {@code ai_typing false} when a newer reaction
 * cancels it: no {@code ai_response} for that message id ever comes.</li>
 * </ul>
 * A reply waiting in the lane that is superseded publishes nothing at all.
 */
final class GhostResponder {

    private static final Log logger = LogFactory.getLog(GhostResponder.class);

    private final GhostProvider provider;

    private final GhostChannel channel;

    private final GhostSessions sessions;

    private final GhostProperties properties;

    private final ScheduledExecutorService executor;

    private final Clock clock;

    private final ErrorAdvisor advisor = new ErrorAdvisor();

    GhostResponder(GhostProvider provider, GhostChannel channel, GhostSessions sessions, GhostProperties properties,
            ScheduledExecutorService executor, Clock clock) {
        this.provider = provider;
        this.channel = channel;
        this.sessions = sessions;
        this.properties = properties;
        this.executor = executor;
        this.clock = clock;
    }

    GhostProvider provider() {
        return this.provider;
    }

    /**
     * Answers a question on the session; the future completes with Ghost's message, or fails with
     * {@link GhostFailedException} once the session got {@code ai_error}.
     *
     * @throws GhostBusyException when too many questions of the session wait already
     */
    CompletableFuture<Payloads.GhostMessage> chat(String sessionId, String message, @Nullable Map<String, Object> context) {
        SessionIds.requireValid(sessionId);
        GhostSessions.State state = this.sessions.get(sessionId);
        GhostPrompt.CodeUnit sent = codeFrom(context);
        if (sent != null) {
            state.codeSent(sent);
        }
        GhostPrompt.Turn question = new GhostPrompt.Turn(GhostPrompt.Turn.Role.USER, message);
        Reply reply = new Reply(state, GhostPrompt.Trigger.CHAT, message, null, null, null, () -> question);
        state.lane.submit(reply, this.properties.maxQueuedChats());
        return reply.result;
    }

    /** Reacts to a run that started. */
    void runStarted(String sessionId, GhostPrompt.RunReport run, boolean comment) {
        GhostSessions.State state = this.sessions.get(sessionId);
        state.runStarted(run);
        if (comment) {
            react(state, GhostPrompt.Trigger.ON_RUN, run, null, hookContext("on_run", "execution_id", run.executionId()),
                    () -> "(I started a run of my " + run.language() + " code.)");
        }
    }

    /** Advises on a run that failed; always. */
    void runFailed(String sessionId, GhostPrompt.RunReport run) {
        GhostSessions.State state = this.sessions.get(sessionId);
        state.runFailed(run);
        react(state, GhostPrompt.Trigger.ON_ERROR, run, null, hookContext("on_error", "execution_id", run.executionId()),
                () -> "(My run failed: " + this.advisor.diagnose(run, state.snapshot().savedFiles()).headline() + ")");
    }

    /** Remembers a saved file. */
    void fileSaved(String sessionId, GhostPrompt.CodeUnit file) {
        this.sessions.get(sessionId).fileSaved(file);
    }

    /** Comments on the file saved last (called after the debounce). */
    void commentOnSave(String sessionId, GhostPrompt.CodeUnit file) {
        GhostSessions.State state = this.sessions.get(sessionId);
        react(state, GhostPrompt.Trigger.ON_SAVE, null, file, hookContext("on_save", "file_name", file.fileName()),
                () -> "(I saved " + file.fileName() + ".)");
    }

    private void react(GhostSessions.State state, GhostPrompt.Trigger trigger, GhostPrompt.@Nullable RunReport run,
            GhostPrompt.@Nullable CodeUnit saved, Map<String, Object> responseContext, Supplier<String> note) {
        // the note goes into the history; it is written when the reply starts, off the thread that fired the hook
        Reply reply = new Reply(state, trigger, null, run, saved, responseContext,
                () -> new GhostPrompt.Turn(GhostPrompt.Turn.Role.USER, note.get()));
        state.lane.submit(reply, this.properties.maxQueuedChats());
    }

    private static Map<String, Object> hookContext(String hookType, String key, @Nullable Object value) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("hook_type", hookType);
        if (value != null) {
            context.put(key, value);
        }
        return context;
    }

    private static GhostPrompt.@Nullable CodeUnit codeFrom(@Nullable Map<String, Object> context) {
        if (context == null || !(context.get("code") instanceof String code) || code.isBlank()) {
            return null;
        }
        Object language = context.get("language");
        Object fileName = context.containsKey("file_name") ? context.get("file_name") : context.get("fileName");
        return new GhostPrompt.CodeUnit(fileName instanceof String name ? name : null,
                language instanceof String lang ? lang : "plaintext", code);
    }

    private enum Phase { QUEUED, STREAMING, DONE }

    /** One answer, from {@code ai_typing true} to {@code ai_typing false}. */
    final class Reply implements GhostProvider.Listener {

        final CompletableFuture<Payloads.GhostMessage> result = new CompletableFuture<>();

        private final String id = UUID.randomUUID().toString();

        private final GhostSessions.State state;

        private final GhostPrompt.Trigger trigger;

        private final @Nullable String message;

        private final GhostPrompt.@Nullable RunReport run;

        private final GhostPrompt.@Nullable CodeUnit saved;

        private final @Nullable Map<String, Object> responseContext;

        private final Supplier<GhostPrompt.Turn> question;

        // guards everything below, and the order of what this reply publishes
        private final ReentrantLock lock = new ReentrantLock();

        private Phase phase = Phase.QUEUED;

        private final StringBuilder text = new StringBuilder();

        private int index;

        private GhostProvider.@Nullable Stream stream;

        private @Nullable ScheduledFuture<?> firstTokenTimer;

        private @Nullable ScheduledFuture<?> totalTimer;

        Reply(GhostSessions.State state, GhostPrompt.Trigger trigger, @Nullable String message,
                GhostPrompt.@Nullable RunReport run, GhostPrompt.@Nullable CodeUnit saved,
                @Nullable Map<String, Object> responseContext, Supplier<GhostPrompt.Turn> question) {
            this.state = state;
            this.trigger = trigger;
            this.message = message;
            this.run = run;
            this.saved = saved;
            this.responseContext = responseContext;
            this.question = question;
        }

        boolean isReaction() {
            return this.trigger != GhostPrompt.Trigger.CHAT;
        }

        String id() {
            return this.id;
        }

        /** Starts the reply on Ghost's executor: the caller (an event listener, an inbound channel thread) returns at once. */
        void begin() {
            try {
                GhostResponder.this.executor.execute(this::start);
            }
            catch (RejectedExecutionException ex) {
                // shutting down: nothing was published for this reply
                this.lock.lock();
                try {
                    this.phase = Phase.DONE;
                }
                finally {
                    this.lock.unlock();
                }
                this.result.completeExceptionally(new CancellationException("Ghost is shutting down"));
                this.state.lane.finished(this);
            }
        }

        private void start() {
            GhostPrompt prompt;
            this.lock.lock();
            try {
                if (this.phase != Phase.QUEUED) {
                    return;
                }
                this.phase = Phase.STREAMING;
                // built now, not when queued, so it sees the answers given meanwhile
                prompt = new GhostPrompt(this.trigger, this.message, this.state.snapshot(), this.state.history(), this.run,
                        this.saved);
                GhostResponder.this.channel.typing(sessionId(), true);
                Duration first = GhostResponder.this.properties.firstTokenTimeout();
                Duration total = GhostResponder.this.properties.totalTimeout();
                this.firstTokenTimer = GhostResponder.this.executor.schedule(() -> fail(new GhostProvider.Failure("Ghost timed out",
                        "No answer started within " + seconds(first) + " (ghostide.ghost.first-token-timeout)"), true),
                        first.toNanos(), TimeUnit.NANOSECONDS);
                this.totalTimer = GhostResponder.this.executor.schedule(() -> fail(new GhostProvider.Failure("Ghost timed out",
                        "The answer took longer than " + seconds(total) + " (ghostide.ghost.total-timeout)"), true),
                        total.toNanos(), TimeUnit.NANOSECONDS);
            }
            finally {
                this.lock.unlock();
            }
            GhostProvider.Stream started;
            try {
                started = GhostResponder.this.provider.stream(prompt, this);
            }
            catch (RuntimeException ex) {
                logger.warn("Ghost provider " + GhostResponder.this.provider.name() + " failed to start an answer", ex);
                fail(new GhostProvider.Failure("Ghost is unavailable", ex.getClass().getSimpleName() + ": " + ex.getMessage()), false);
                return;
            }
            boolean endedMeanwhile;
            this.lock.lock();
            try {
                this.stream = started;
                endedMeanwhile = this.phase == Phase.DONE;
            }
            finally {
                this.lock.unlock();
            }
            if (endedMeanwhile) {
                // cancelled or timed out before the provider handed back its stream; release it (a no-op when complete)
                started.cancel();
            }
        }

        @Override
        public void onToken(String delta) {
            if (delta.isEmpty()) {
                return;
            }
            this.lock.lock();
            try {
                if (this.phase != Phase.STREAMING) {
                    return;
                }
                if (this.index == 0 && this.firstTokenTimer != null) {
                    this.firstTokenTimer.cancel(false);
                }
                this.text.append(delta);
                GhostResponder.this.channel.chunk(sessionId(), this.id, delta, this.index++);
            }
            finally {
                this.lock.unlock();
            }
        }

        @Override
        public void onComplete() {
            Payloads.@Nullable GhostMessage answer;
            this.lock.lock();
            try {
                if (this.phase != Phase.STREAMING) {
                    return;
                }
                if (this.text.toString().isBlank()) {
                    answer = null;
                }
                else {
                    this.phase = Phase.DONE;
                    cancelTimers();
                    answer = new Payloads.GhostMessage(this.id, this.text.toString(), "ghost",
                            Instant.now(GhostResponder.this.clock).truncatedTo(ChronoUnit.MILLIS), messageContext());
                    GhostResponder.this.channel.response(sessionId(), answer, this.responseContext);
                    GhostResponder.this.channel.typing(sessionId(), false);
                }
            }
            finally {
                this.lock.unlock();
            }
            if (answer == null) {
                fail(new GhostProvider.Failure("Ghost had nothing to say", "The answer was empty"), false);
                return;
            }
            this.state.remember(this.question.get(), new GhostPrompt.Turn(GhostPrompt.Turn.Role.ASSISTANT, answer.content()));
            this.result.complete(answer);
            this.state.lane.finished(this);
        }

        @Override
        public void onError(GhostProvider.Failure failure) {
            fail(failure, false);
        }

        private void fail(GhostProvider.Failure failure, boolean timedOut) {
            this.lock.lock();
            try {
                if (this.phase != Phase.STREAMING) {
                    return;
                }
                this.phase = Phase.DONE;
                cancelTimers();
                // stop the provider first: after ai_error nothing of this answer may follow
                cancelStream();
                GhostResponder.this.channel.error(sessionId(), failure.error(), failure.detail());
                GhostResponder.this.channel.typing(sessionId(), false);
            }
            finally {
                this.lock.unlock();
            }
            if (logger.isDebugEnabled()) {
                logger.debug("Ghost's answer " + this.id + " in session " + sessionId() + " failed: " + failure);
            }
            this.result.completeExceptionally(new GhostFailedException(failure, timedOut));
            this.state.lane.finished(this);
        }

        /** Ends the reply without an answer: a newer reaction replaced it. */
        void cancel() {
            this.lock.lock();
            try {
                if (this.phase == Phase.DONE) {
                    return;
                }
                boolean started = this.phase == Phase.STREAMING;
                this.phase = Phase.DONE;
                cancelTimers();
                cancelStream();
                if (started) {
                    GhostResponder.this.channel.typing(sessionId(), false);
                }
            }
            finally {
                this.lock.unlock();
            }
            this.result.completeExceptionally(new CancellationException("Replaced by a newer reaction"));
            this.state.lane.finished(this);
        }

        private Map<String, Object> messageContext() {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("trigger", this.trigger.wireName());
            context.put("provider", GhostResponder.this.provider.name());
            if (this.trigger == GhostPrompt.Trigger.ON_ERROR && this.run != null) {
                context.putAll(GhostResponder.this.advisor.diagnose(this.run, this.state.snapshot().savedFiles()).context());
            }
            if (this.saved != null && this.saved.fileName() != null) {
                context.put("file_name", this.saved.fileName());
            }
            return context;
        }

        // the provider's cancel only flags and releases (no callbacks reach this reply after DONE), so it may run under the lock
        private void cancelStream() {
            GhostProvider.Stream current = this.stream;
            if (current != null) {
                try {
                    current.cancel();
                }
                catch (RuntimeException ex) {
                    logger.debug("Cancelling a stream failed", ex);
                }
            }
        }

        private void cancelTimers() {
            if (this.firstTokenTimer != null) {
                this.firstTokenTimer.cancel(false);
            }
            if (this.totalTimer != null) {
                this.totalTimer.cancel(false);
            }
        }

        private String sessionId() {
            return this.state.sessionId;
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
