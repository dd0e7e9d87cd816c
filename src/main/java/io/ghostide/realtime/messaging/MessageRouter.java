package io.ghostide.realtime.messaging;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.ghostide.realtime.sessionlog.SessionLog;
import io.ghostide.realtime.sessionlog.UnsequencedEnvelope;
import io.ghostide.realtime.system.SessionIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one way services speak to sessions: a typed {@code publish…} method per server-to-client
 * message, on the primitives {@link #publish}, {@link #publishWith}, {@link #publishTransient} and
 * {@link #publishToConnection}. Each publish serializes the envelope once and appends it to the {@link SessionLog}, which gives
 * it the session's next {@code seq}, keeps it for resume and has it delivered through the
 * message broker to every subscriber of {@code /topic/session/{id}}, STOMP and raw alike.
 * Delivery never blocks on a subscriber: each connection has its own bounded queue, so one slow
 * client never stops the others.
 */
@Component
public class MessageRouter {

    private static final int CODE_PREVIEW_LENGTH = 100;

    private final SessionLog log;

    private final BrokerDelivery delivery;

    private final EnvelopeWriter writer;

    private final Map<MessageType, Counter> published = new EnumMap<>(MessageType.class);

    MessageRouter(SessionLog log, BrokerDelivery delivery, EnvelopeWriter writer, MeterRegistry meterRegistry) {
        this.log = log;
        this.delivery = delivery;
        this.writer = writer;
        for (MessageType type : MessageType.values()) {
            this.published.put(type, Counter.builder("ghostide.messages.published")
                    .description("Messages published to sessions and replies sent to connections")
                    .tag("type", type.wireName())
                    .register(meterRegistry));
        }
    }

    // ---- execution

    /** {@code execution_start}; the preview is cut to the code's first 100 characters. */
    public long publishExecutionStart(String sessionId, String executionId, String language, String code) {
        return publishExecutionStart(sessionId, executionId, language, code, false, null, null);
    }

    /** {@code execution_start} of a run {@code user} asked for, with its client's {@code request_id}. */
    public long publishExecutionStart(String sessionId, String executionId, String language, String code,
            boolean interactive, @Nullable String requestId, @Nullable String user) {
        String preview = code.length() <= CODE_PREVIEW_LENGTH ? code : code.substring(0, CODE_PREVIEW_LENGTH);
        return publish(sessionId, MessageType.EXECUTION_START,
                new Payloads.ExecutionStart(executionId, language, preview, interactive, requestId, user));
    }

    /** {@code execution_input}: text a user gave a running program, or the end of its input. */
    public long publishExecutionInput(String sessionId, String executionId, String data, boolean eof, String user) {
        return publish(sessionId, MessageType.EXECUTION_INPUT, new Payloads.ExecutionInput(executionId, data, eof, user));
    }

    /** {@code execution_output}: a piece of a running program's stdout or stderr. */
    public long publishExecutionOutput(String sessionId, String executionId, String output, StreamType stream) {
        return publish(sessionId, MessageType.EXECUTION_OUTPUT, new Payloads.ExecutionOutput(executionId, output, stream));
    }

    /** {@code execution_complete}. */
    public long publishExecutionComplete(String sessionId, String executionId, ExecutionResult result) {
        return publish(sessionId, MessageType.EXECUTION_COMPLETE, new Payloads.ExecutionComplete(executionId, result));
    }

    /** {@code execution_error}: the code could not be run at all. */
    public long publishExecutionError(String sessionId, String executionId, String error, String detail, int code) {
        return publish(sessionId, MessageType.EXECUTION_ERROR, new Payloads.ExecutionError(executionId, error, detail, code));
    }

    // ---- Ghost AI

    /** {@code ai_typing}. */
    public long publishAiTyping(String sessionId, boolean typing) {
        return publish(sessionId, MessageType.AI_TYPING, new Payloads.AiTyping(typing));
    }

    /** {@code ai_response}: Ghost's whole answer. */
    public long publishAiResponse(String sessionId, Payloads.GhostMessage message, @Nullable Map<String, Object> context) {
        return publish(sessionId, MessageType.AI_RESPONSE, new Payloads.AiResponse(message, context));
    }

    /** {@code ai_response_chunk}: part of an answer while it streams. */
    public long publishAiResponseChunk(String sessionId, String messageId, String delta, int index) {
        return publish(sessionId, MessageType.AI_RESPONSE_CHUNK, new Payloads.AiResponseChunk(messageId, delta, index));
    }

    /** {@code ai_error}. */
    public long publishAiError(String sessionId, String error, String detail) {
        return publish(sessionId, MessageType.AI_ERROR, new Payloads.AiError(error, detail));
    }

    // ---- hooks, files, session

    /** {@code hook_triggered}. */
    public long publishHookTriggered(String sessionId, HookType hookType, Map<String, Object> context) {
        return publish(sessionId, MessageType.HOOK_TRIGGERED, new Payloads.HookTriggered(hookType, context));
    }

    /** {@code session_update}. */
    public long publishSessionUpdate(String sessionId, SessionUpdateType updateType, Map<String, Object> details) {
        return publish(sessionId, MessageType.SESSION_UPDATE, new Payloads.SessionUpdate(updateType, details));
    }

    /** {@code file_saved}. */
    public long publishFileSaved(String sessionId, Payloads.FileSaved saved) {
        return publish(sessionId, MessageType.FILE_SAVED, saved);
    }

    /** {@code error} to every subscriber of the session. */
    public long publishError(String sessionId, String error, String detail, int code) {
        return publish(sessionId, MessageType.ERROR, new Payloads.Error(error, detail, code));
    }

    // ---- the two primitives

    /**
     * Publishes one message to every subscriber of the session and returns its seq.
     *
     * @throws io.ghostide.realtime.system.InvalidSessionIdException if the session id is malformed
     */
    public long publish(String sessionId, MessageType type, Object data) {
        SessionIds.requireValid(sessionId);
        // the log assigns the seq, keeps the envelope for resume and has it delivered in seq order
        long seq = this.log.append(sessionId, this.writer.writeUnsequenced(type, sessionId, data));
        this.published.get(type).increment();
        return seq;
    }

    /**
     * Publishes one message through {@code append}, which gives the serialized envelope to the
     * session log in its own way (such as {@link io.ghostide.realtime.sessionlog.GuardedSessionLog})
     * and returns what it answers; {@code published} tells whether the envelope was appended.
     */
    public <R> R publishWith(String sessionId, MessageType type, Object data,
            Function<UnsequencedEnvelope, R> append,
            Predicate<R> published) {
        SessionIds.requireValid(sessionId);
        R reply = append.apply(this.writer.writeUnsequenced(type, sessionId, data));
        if (published.test(reply)) {
            this.published.get(type).increment();
        }
        return reply;
    }

    /**
     * Sends one message to every subscriber of the session now, without a seq: it is not kept
     * for resume, and a connection with {@code dropAtBacklog} bytes or more still to write misses
     * it rather than queue it behind what it has not read.
     */
    public void publishTransient(String sessionId, MessageType type, Object data, long dropAtBacklog) {
        SessionIds.requireValid(sessionId);
        byte[] json = this.writer.write(type, sessionId, null, data);
        // to the other instances' subscribers first: when that fails, nobody got it
        this.log.broadcastTransient(sessionId, json, dropAtBacklog);
        this.delivery.sendTransient(sessionId, json, dropAtBacklog);
        this.published.get(type).increment();
    }

    /**
     * Sends one message to one connection only, without a seq: what subscribes to
     * {@code /user/queue/replies} on that connection receives it (every raw connection does).
     */
    public void publishToConnection(String connectionId, String sessionId, MessageType type, Object data) {
        this.delivery.sendToConnection(connectionId, this.writer.write(type, sessionId, null, data));
        this.published.get(type).increment();
    }
}
