package io.ghostide.realtime.messaging;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

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

    /** {@code presence}: no data; the reply lists who is in the session. */
    public record Presence() {
    }
}
