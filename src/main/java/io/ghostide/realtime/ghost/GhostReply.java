package io.ghostide.realtime.ghost;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One answer of Ghost's, from {@code ai_typing true} to {@code ai_typing false}, as a state
 * machine that ends exactly once: with {@code ai_response} (at most the largest answer), with
 * {@code ai_error} (the provider failed, or its first token or the whole answer took too long),
 * or with neither when a newer reaction replaces it or no provider call is free for a reaction
 * ({@link ReplyLane}, {@link ProviderCalls}).
 */
final class GhostReply implements GhostProvider.Listener {

    private static final Log logger = LogFactory.getLog(GhostReply.class);

    /** What every reply of the application shares: where it asks, where it speaks, its limits and threads. */
    record Resources(GhostProvider provider, GhostChannel channel, GhostProperties properties,
            ScheduledExecutorService executor, Clock clock, ErrorAdvisor advisor, ProviderCalls calls) {
    }

    private enum Phase { QUEUED, STREAMING, DONE }

    private final Resources resources;

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

    private final ChunkCoalescer chunks;

    // whether this reply holds one of the provider calls, given back once when it ends
    private boolean holdsCall;

    private GhostProvider.@Nullable Stream stream;

    private @Nullable ScheduledFuture<?> firstTokenTimer;

    private @Nullable ScheduledFuture<?> totalTimer;

    GhostReply(Resources resources, GhostSessions.State state, GhostPrompt.Trigger trigger, @Nullable String message,
            GhostPrompt.@Nullable RunReport run, GhostPrompt.@Nullable CodeUnit saved,
            @Nullable Map<String, Object> responseContext, Supplier<GhostPrompt.Turn> question) {
        this.resources = resources;
        this.state = state;
        this.trigger = trigger;
        this.message = message;
        this.run = run;
        this.saved = saved;
        this.responseContext = responseContext;
        this.question = question;
        GhostProperties.Limits limits = resources.properties().limits();
        this.chunks = new ChunkCoalescer((delta, index) -> resources.channel().chunk(sessionId(), this.id, delta, index),
                resources.executor(), limits.chunkInterval(), Math.toIntExact(limits.maxChunkSize().toBytes()),
                this::flushChunks);
    }

    boolean isReaction() {
        return this.trigger != GhostPrompt.Trigger.CHAT;
    }

    String id() {
        return this.id;
    }

    /**
     * Starts the reply on Ghost's executor once it has a provider call: the caller (an event
     * listener, an inbound channel thread) returns at once. A question waits for a call; a
     * reaction that finds none is skipped, having published nothing.
     */
    void begin() {
        try {
            if (!this.resources.calls().take(this::startOnExecutor, !isReaction())) {
                logger.debug("Skipped a reaction in session " + sessionId() + ": every provider call is taken "
                        + "(ghostide.ghost.limits.max-provider-calls)");
                endUnheard(new CancellationException("Skipped: every provider call is taken"));
            }
        }
        catch (SharedStateUnavailableException ex) {
            // every instance's calls are counted in Redis: without it none is taken, rather than pass the bound
            endUnheard(ex);
        }
    }

    private void startOnExecutor() {
        this.lock.lock();
        this.holdsCall = true;
        this.lock.unlock();
        try {
            this.resources.executor().execute(this::start);
        }
        catch (RejectedExecutionException ex) {
            // shutting down: nothing was published for this reply
            endUnheard(new CancellationException("Ghost is shutting down"));
        }
    }

    /** Ends a reply that published nothing. */
    private void endUnheard(RuntimeException why) {
        this.lock.lock();
        try {
            this.phase = Phase.DONE;
        }
        finally {
            this.lock.unlock();
        }
        releaseCall();
        this.result.completeExceptionally(why);
        this.state.lane.finished(this);
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
            this.resources.channel().typing(sessionId(), true);
            Duration first = this.resources.properties().firstTokenTimeout();
            Duration total = this.resources.properties().totalTimeout();
            this.firstTokenTimer = this.resources.executor().schedule(() -> fail(new GhostProvider.Failure("Ghost timed out",
                    "No answer started within " + seconds(first) + " (ghostide.ghost.first-token-timeout)"), true),
                    first.toNanos(), TimeUnit.NANOSECONDS);
            this.totalTimer = this.resources.executor().schedule(() -> fail(new GhostProvider.Failure("Ghost timed out",
                    "The answer took longer than " + seconds(total) + " (ghostide.ghost.total-timeout)"), true),
                    total.toNanos(), TimeUnit.NANOSECONDS);
        }
        finally {
            this.lock.unlock();
        }
        GhostProvider.Stream started;
        try {
            started = this.resources.provider().stream(prompt, this);
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost provider " + this.resources.provider().name() + " failed to start an answer", ex);
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
        boolean full;
        this.lock.lock();
        try {
            if (this.phase != Phase.STREAMING) {
                return;
            }
            if (this.text.isEmpty() && this.firstTokenTimer != null) {
                this.firstTokenTimer.cancel(false);
            }
            int room = (int) Math.min(Integer.MAX_VALUE,
                    this.resources.properties().limits().maxAnswerSize().toBytes() - this.text.length());
            full = delta.length() > room;
            // a cut never splits a surrogate pair
            String kept = !full ? delta : delta.substring(0, room > 0 && Character.isHighSurrogate(delta.charAt(room - 1))
                    ? room - 1 : room);
            this.text.append(kept);
            if (!kept.isEmpty()) {
                this.chunks.add(kept);
            }
        }
        finally {
            this.lock.unlock();
        }
        if (full) {
            // the provider may send without end: the answer so far is the answer
            finish(true);
        }
    }

    private void flushChunks() {
        this.lock.lock();
        try {
            if (this.phase == Phase.STREAMING) {
                this.chunks.flush();
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        finish(false);
    }

    private void finish(boolean truncated) {
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
                if (truncated) {
                    cancelStream();
                }
                this.chunks.flush();
                answer = new Payloads.GhostMessage(this.id, this.text.toString(), "ghost",
                        Instant.now(this.resources.clock()).truncatedTo(ChronoUnit.MILLIS),
                        AnswerContext.of(this.resources, this.trigger, truncated, this.run, this.saved, this.state));
                this.resources.channel().response(sessionId(), answer, this.responseContext);
                this.resources.channel().typing(sessionId(), false);
            }
        }
        finally {
            this.lock.unlock();
        }
        if (answer == null) {
            fail(new GhostProvider.Failure("Ghost had nothing to say", "The answer was empty"), false);
            return;
        }
        releaseCall();
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
            // what was shown of the answer is shown whole before the error
            this.chunks.flush();
            this.resources.channel().error(sessionId(), failure.error(), failure.detail());
            this.resources.channel().typing(sessionId(), false);
        }
        finally {
            this.lock.unlock();
        }
        releaseCall();
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
            this.chunks.discard();
            if (started) {
                this.resources.channel().typing(sessionId(), false);
            }
        }
        finally {
            this.lock.unlock();
        }
        releaseCall();
        this.result.completeExceptionally(new CancellationException("Replaced by a newer reaction"));
        this.state.lane.finished(this);
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

    /** Gives the provider call back, once, outside the lock: the next waiting question starts on it. */
    private void releaseCall() {
        boolean held;
        this.lock.lock();
        try {
            held = this.holdsCall;
            this.holdsCall = false;
        }
        finally {
            this.lock.unlock();
        }
        if (held) {
            this.resources.calls().release();
        }
    }

    private void cancelTimers() {
        Stream.of(this.firstTokenTimer, this.totalTimer).filter(Objects::nonNull).forEach(timer -> timer.cancel(false));
    }

    private String sessionId() {
        return this.state.sessionId;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
