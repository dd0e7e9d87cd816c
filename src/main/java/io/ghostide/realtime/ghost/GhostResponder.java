package io.ghostide.realtime.ghost;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.ghostide.realtime.cluster.SharedLeases;
import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.HookType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import io.ghostide.realtime.system.SessionIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns questions and hook reactions into answers on the session. Each answer is a
 * {@link GhostReply} that runs in its session's {@link ReplyLane} and always publishes, in order:
 * <ul>
 * <li>{@code ai_typing true}, {@code ai_response_chunk}s (index 0, 1, …), one {@code ai_response}
 * with the whole text, {@code ai_typing false}; or</li>
 * <li>{@code ai_typing true}, maybe some chunks, one {@code ai_error}, {@code ai_typing false} when the
 * provider fails or a timeout (first token, total) strikes; or</li>
 * <li>{@code ai_typing true}, maybe some chunks, {@code ai_typing false} when a newer reaction
 * cancels it: no {@code ai_response} for that message id ever comes.</li>
 * </ul>
 * A reply waiting in the lane that is superseded publishes nothing at all, and so does a reaction
 * past its session's budget or finding every provider call taken: hooks cannot make Ghost call
 * the provider without bound.
 */
final class GhostResponder {

    private static final Log logger = LogFactory.getLog(GhostResponder.class);

    private final GhostSessions sessions;

    private final GhostReply.Resources resources;

    // where every instance's questions of a session are counted together
    private final SharedLeases shared;

    GhostResponder(GhostProvider provider, GhostChannel channel, GhostSessions sessions, GhostProperties properties,
            ScheduledExecutorService executor, Clock clock) {
        this(provider, channel, sessions, properties, executor, clock, SharedLeases.local());
    }

    /**
     * @param shared where every instance's provider calls, and every instance's questions of a session,
     *        are counted together ({@code redis} mode)
     */
    GhostResponder(GhostProvider provider, GhostChannel channel, GhostSessions sessions, GhostProperties properties,
            ScheduledExecutorService executor, Clock clock, SharedLeases shared) {
        this.sessions = sessions;
        this.shared = shared;
        this.resources = new GhostReply.Resources(provider, channel, properties, executor, clock, new ErrorAdvisor(),
                new ProviderCalls(properties.limits().maxProviderCalls(), shared, executor));
    }

    /** Answers streaming from the provider now, for tests and meters. */
    int providerCallsInFlight() {
        return this.resources.calls().inFlight();
    }

    GhostProvider provider() {
        return this.resources.provider();
    }

    /**
     * Answers a question on the session; the future completes with Ghost's message, or fails with
     * {@link GhostFailedException} once the session got {@code ai_error}.
     *
     * @throws GhostBusyException when too many questions of the session wait already, on any instance
     * @throws SharedStateUnavailableException when Redis, which counts every instance's questions and
     *         provider calls, does not answer
     */
    CompletableFuture<Payloads.GhostMessage> chat(String sessionId, String message, @Nullable Map<String, Object> context) {
        SessionIds.requireValid(sessionId);
        GhostSessions.State state = this.sessions.get(sessionId);
        GhostPrompt.CodeUnit sent = codeFrom(context);
        if (sent != null) {
            state.codeSent(sent);
        }
        GhostPrompt.Turn question = new GhostPrompt.Turn(GhostPrompt.Turn.Role.USER, message);
        GhostReply reply = new GhostReply(this.resources, state, GhostPrompt.Trigger.CHAT, message, null, null, null, () -> question);
        state.lane.submit(reply, this.resources.properties().maxQueuedChats(), this.shared, state.sessionId);
        if (reply.result.isCompletedExceptionally()) {
            try {
                reply.result.getNow(null);
            }
            catch (java.util.concurrent.CompletionException ex) {
                // refused at once, having published nothing: the caller answers 503 itself
                if (ex.getCause() instanceof SharedStateUnavailableException unavailable) {
                    throw unavailable;
                }
            }
        }
        return reply.result;
    }

    /** Reacts to a run that started. */
    void runStarted(String sessionId, GhostPrompt.RunReport run, boolean comment) {
        GhostSessions.State state = this.sessions.get(sessionId);
        state.runStarted(run);
        if (comment) {
            react(state, GhostPrompt.Trigger.ON_RUN, run, null, hookContext(HookType.ON_RUN, "execution_id", run.executionId()),
                    () -> "(I started a run of my " + run.language() + " code.)");
        }
    }

    /** Advises on a run that failed; always. */
    void runFailed(String sessionId, GhostPrompt.RunReport run) {
        GhostSessions.State state = this.sessions.get(sessionId);
        state.runFailed(run);
        react(state, GhostPrompt.Trigger.ON_ERROR, run, null, hookContext(HookType.ON_ERROR, "execution_id", run.executionId()),
                () -> "(My run failed: " + RunDiagnoses.diagnose(this.resources.advisor(), run, state.snapshot().savedFiles()).headline() + ")");
    }

    /** Remembers a saved file. */
    void fileSaved(String sessionId, GhostPrompt.CodeUnit file) {
        this.sessions.get(sessionId).fileSaved(file);
    }

    /** Forgets a deleted file. */
    void fileDeleted(String sessionId, String fileName) {
        this.sessions.fileDeleted(sessionId, fileName);
    }

    /** Comments on the file saved last (called after the debounce). */
    void commentOnSave(String sessionId, GhostPrompt.CodeUnit file) {
        GhostSessions.State state = this.sessions.get(sessionId);
        react(state, GhostPrompt.Trigger.ON_SAVE, null, file, hookContext(HookType.ON_SAVE, "file_name", file.fileName()),
                () -> "(I saved " + file.fileName() + ".)");
    }

    private void react(GhostSessions.State state, GhostPrompt.Trigger trigger, GhostPrompt.@Nullable RunReport run,
            GhostPrompt.@Nullable CodeUnit saved, Map<String, Object> responseContext, Supplier<String> note) {
        GhostProperties.Limits limits = this.resources.properties().limits();
        if (!state.reactions.take(limits.reactionBurst(), limits.reactionsPerMinute())) {
            // hooks fire as fast as a client runs and saves: past the session's budget Ghost stays quiet
            logger.debug("Skipped " + trigger.wireName() + " in session " + state.sessionId
                    + ": past ghostide.ghost.limits.reactions-per-minute");
            return;
        }
        // the note goes into the history; it is written when the reply starts, off the thread that fired the hook
        GhostReply reply = new GhostReply(this.resources, state, trigger, null, run, saved, responseContext,
                () -> new GhostPrompt.Turn(GhostPrompt.Turn.Role.USER, note.get()));
        state.lane.submit(reply, this.resources.properties().maxQueuedChats(), this.shared, state.sessionId);
    }

    private static Map<String, Object> hookContext(HookType hookType, String key, @Nullable Object value) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("hook_type", hookType.wireName());
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
}
