package io.ghostide.realtime.messaging;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The {@code data} of each server-to-client message type, one record per type. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * {@code connect}: the first frame on every raw connection, with the session's position
     * when the subscription took effect; {@code recovered} and {@code missed} only when the
     * client asked to resume with {@code since}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connect(String status, String connectionId, String epoch, long seq, @Nullable Boolean recovered,
            @Nullable Integer missed) {
    }

    /**
     * {@code subscribed}: the first message on every STOMP subscription to a session topic,
     * to that subscription alone; the same position as {@link Connect} gives a raw connection.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subscribed(String epoch, long seq, @Nullable Boolean recovered, @Nullable Integer missed) {
    }

    /** {@code disconnect}: sent before the server closes a connection, where it can be. */
    public record Disconnect(int code, String reason) {
    }

    /** {@code pong}: the ping's own timestamp when it had one, else the server's time. */
    public record Pong(Object timestamp) {
    }

    /**
     * {@code execution_start}: {@code user} started the run; {@code request_id} is the one its
     * client sent, left out when it sent none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutionStart(String executionId, String language, String codePreview, boolean interactive,
            @Nullable String requestId, @Nullable String user) {
    }

    /** {@code execution_input}: what {@code user} typed into a run, where it was typed among the output. */
    public record ExecutionInput(String executionId, String data, boolean eof, String user) {
    }

    /** {@code execution_output}: part of a stream, {@code stream} is stdout or stderr. */
    public record ExecutionOutput(String executionId, String output, StreamType stream) {
    }

    /** {@code execution_complete}. */
    public record ExecutionComplete(String executionId, ExecutionResult result) {
    }

    /** {@code execution_error}: the code could not be run at all. */
    public record ExecutionError(String executionId, String error, String detail, int code) {
    }

    /** {@code ai_typing}. */
    public record AiTyping(boolean isTyping) {
    }

    /** {@code ai_response}: Ghost's whole answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AiResponse(GhostMessage message, @Nullable Map<String, Object> context) {
    }

    /** One of Ghost's messages, as carried by {@code ai_response}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GhostMessage(String id, String content, String sender, Instant timestamp,
            @Nullable Map<String, Object> context) {
    }

    /** {@code ai_response_chunk}: part of an answer while it streams. */
    public record AiResponseChunk(String messageId, String delta, int index) {
    }

    /** {@code ai_error}. */
    public record AiError(String error, String detail) {
    }

    /** {@code hook_triggered}. */
    public record HookTriggered(HookType hookType, Map<String, Object> context) {
    }

    /** {@code session_update}. */
    public record SessionUpdate(SessionUpdateType updateType, Map<String, Object> details) {
    }

    /** {@code file_saved}. */
    public record FileSaved(String fileId, String fileName, String language, Instant savedAt) {
    }

    /**
     * {@code error}: {@code code} is HTTP-like (400, 413, 429, 500, 501); {@code request_id} is the
     * one the refused command carried in its data, when it had one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String error, String detail, int code, @Nullable String requestId) {

        /** An error that answers no command of the client's. */
        public Error(String error, String detail, int code) {
            this(error, detail, code, null);
        }
    }

    /** {@code error} 429: a command over its connection's rate limit, and when a token is there again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimitedError(String error, String detail, int code, long retryAfterMs, @Nullable String requestId) {
    }

    /** {@code presence_join}: a connection subscribed to the session. */
    public record PresenceJoin(String user, String connectionId, String transport, Instant joinedAt) {
    }

    /** {@code presence_leave}: a connection left the session, however it went. */
    public record PresenceLeave(String user, String connectionId, String reason) {
    }

    /** {@code doc_state}: a document's whole text at {@code version}, and the session's {@code seq} it agrees with. */
    public record DocState(String fileName, long version, String text, long seq) {
    }

    /** {@code doc_update}: updates the document took, by {@code user}; {@code version} is the one after them. */
    public record DocUpdate(String fileName, long version, java.util.List<DocChange> updates, String user) {
    }

    /** One update of a {@code doc_update}: a ChangeSet's JSON and the id of the editor that made it. */
    public record DocChange(Object changes, String clientId) {
    }

    /** {@code doc_rejected}: a push was not made on the document's current {@code version}. */
    public record DocRejected(String fileName, long version) {
    }

    /** {@code awareness}: where a connection's user is in a document; no {@code seq}. */
    public record Awareness(String user, String connectionId, String fileName, ClientCommands.@Nullable Selection selection,
            @Nullable String status) {
    }

    /** {@code presence}, and {@code GET /ws/sessions/{id}/presence}: who is in the session. */
    public record SessionPresence(String sessionId, java.util.List<PresentUser> users) {
    }

    /** One user in a session, with each of its connections there. */
    public record PresentUser(String user, java.util.List<PresentConnection> connections) {
    }

    /** One connection of a present user. */
    public record PresentConnection(String connectionId, String transport, Instant joinedAt) {
    }

    /** {@code token_expiring}: the connection's token expires at {@code expiresAt}; send {@code auth_refresh} before. */
    public record TokenExpiring(Instant expiresAt) {
    }

    /** {@code auth_refreshed}: the connection now holds the new token, which expires then and gives this role. */
    public record AuthRefreshed(Instant expiresAt, String role) {
    }
}
