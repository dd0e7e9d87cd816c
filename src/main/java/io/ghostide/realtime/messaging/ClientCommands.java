package io.ghostide.realtime.messaging;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The {@code data} of each client command, one record per command, with its validation rules. */
public final class ClientCommands {

    private ClientCommands() {
    }

    /**
     * {@code execute_code}: {@code timeout} in seconds, bounded where the run is submitted (as on
     * REST); {@code interactive} keeps stdin open after
     * {@code input}; {@code request_id} comes back in {@code execution_start}.
     */
    public record ExecuteCode(@NotBlank String code, @NotBlank String language,
            @Nullable Integer timeout, @Nullable String input, @Nullable Boolean interactive,
            @Nullable @Size(min = 1, max = 64) String requestId) {
    }

    /** {@code execution_stop}: the run by its id, or (before its start is heard) by this client's request id. */
    public record ExecutionStop(@Nullable @Size(max = 64) String executionId, @Nullable @Size(max = 64) String requestId) {
    }

    /** {@code execution_input}: text for a running interactive program's stdin; {@code eof} closes it after. */
    public record ExecutionInput(@NotBlank @Size(max = 64) String executionId, @Nullable String data,
            @Nullable Boolean eof) {
    }

    /** {@code ghost_chat}. */
    public record GhostChat(@NotBlank @Size(max = GhostChat.MAX_MESSAGE_CHARS) String message,
            @Nullable Map<String, Object> context) {

        /** The longest question. */
        public static final int MAX_MESSAGE_CHARS = 8000;
    }

    /** {@code save_file}: the original frontend's {@code name} is accepted for {@code file_name}. */
    public record SaveFile(@NotBlank @JsonAlias("name") String fileName, @NotNull String content,
            @Nullable String language) {
    }

    /** {@code doc_open}: the session file to edit as a shared document. */
    public record DocOpen(@NotBlank String fileName) {
    }

    /**
     * {@code doc_push}: updates made on top of {@code version} of the document, in order; each
     * one's {@code changes} is a ChangeSet in the JSON form of {@code @codemirror/state}.
     */
    public record DocPush(@NotBlank String fileName, @NotNull @Min(0) Long version,
            @NotEmpty List<@NotNull @Valid DocPushUpdate> updates) {
    }

    /** One update of a {@code doc_push}: its changes and the id of the editor that made it. */
    public record DocPushUpdate(@NotNull JsonNode changes, @NotBlank @Size(max = 64) String clientId) {
    }

    /** {@code awareness}: where this connection's user is in a document, and what it is doing. */
    public record Awareness(@NotBlank String fileName, @Nullable @Valid Selection selection,
            @Nullable @Size(max = 64) String status) {
    }

    /** A selection in a document, in UTF-16 code units; {@code anchor == head} is a cursor. */
    public record Selection(@Min(0) int anchor, @Min(0) int head) {
    }

    /** {@code presence}: no data; the reply lists who is in the session. */
    public record Presence() {
    }

    /** {@code auth_refresh}: a fresh token for the sending connection, of the same user. */
    public record AuthRefresh(@NotBlank String token) {

        @Override
        public String toString() {
            // a token is a credential: never in a log line
            return "AuthRefresh[token=…]";
        }
    }
}
