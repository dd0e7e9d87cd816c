package io.ghostide.realtime.execution;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/execution/execute/websocket}: {@code timeout} in seconds, bounded
 * by {@link RunTimeout} when the run is submitted;
 * {@code interactive} keeps stdin open after {@code input}, {@code request_id} comes back in
 * {@code execution_start}.
 * The original frontend's {@code sessionId} is accepted for {@code session_id}.
 */
record ExecuteRequest(@Nullable @NotBlank String code, @Nullable @NotBlank String language,
        @Nullable @NotBlank @JsonAlias("sessionId") String sessionId, @Nullable Integer timeout,
        @Nullable String input, @Nullable Boolean interactive,
        @Nullable @jakarta.validation.constraints.Size(min = 1, max = 64) String requestId) {
}
