package io.ghostide.realtime.messaging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON object every message travels in: {@code seq} is present on messages published
 * to a session and absent on replies meant for one connection.
 */
@JsonPropertyOrder({ "type", "timestamp", "session_id", "seq", "data" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(MessageType type, Instant timestamp, String sessionId, @Nullable Long seq, Object data) {
}
