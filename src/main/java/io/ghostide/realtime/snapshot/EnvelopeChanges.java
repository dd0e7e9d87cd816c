package io.ghostide.realtime.snapshot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.ghostide.realtime.messaging.EnvelopeWriter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.presence.PresenceEntry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a serialized session message changes. The type is read from the envelope's first
 * bytes (the envelope writer puts {@code type} first), so the messages that change nothing, and
 * {@code execution_output}, whose {@code execution_id} is found where the writer puts it (parsed
 * only when it is not there), cost no tree: this runs on the delivering thread of every message.
 */
final class EnvelopeChanges {

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    // how the envelope writer starts an execution_output's data; nothing before it can hold these
    // bytes (the type, timestamp, a session id of [A-Za-z0-9_-] and seq come first)
    private static final byte[] OUTPUT_ID_PREFIX = ",\"data\":{\"execution_id\":\"".getBytes(StandardCharsets.US_ASCII);

    // shared editing's message; its type is not this feature's to declare
    private static final String DOC_UPDATE = "doc_update";

    // a run that ended with execution_error: its transcript says the same
    private static final String KILLED = "killed";

    private final JsonMapper json;

    EnvelopeChanges(JsonMapper json) {
        this.json = json;
    }

    /** The change {@code envelope} makes, or {@code null} when it changes nothing the state holds. */
    @Nullable StateChange read(byte[] envelope) {
        String type = typeOf(envelope);
        if (type == null) {
            return null;
        }
        if (type.equals(MessageType.EXECUTION_OUTPUT.wireName())) {
            String executionId = outputExecutionId(envelope);
            return executionId != null ? new StateChange.TranscriptEvent(executionId) : null;
        }
        if (!isStateType(type)) {
            return null;
        }
        JsonNode root = this.json.readTree(envelope);
        JsonNode data = root.path("data");
        Instant at = Instant.parse(root.path("timestamp").asString());
        switch (type) {
            case "file_saved" -> {
                return new StateChange.FileSaved(text(data, "file_name"), text(data, "language"),
                        Instant.parse(text(data, "saved_at")));
            }
            case "session_update" -> {
                return sessionUpdate(data);
            }
            case DOC_UPDATE -> {
                return new StateChange.DocumentUpdated(text(data, "file_name"), data.path("version").asLong(), at);
            }
            case "execution_start" -> {
                return new StateChange.RunStarted(text(data, "execution_id"), text(data, "language"), at);
            }
            case "execution_input" -> {
                return data.path("data").asString("").isEmpty() ? null
                        : new StateChange.TranscriptEvent(text(data, "execution_id"));
            }
            case "execution_complete" -> {
                return new StateChange.RunEnded(text(data, "execution_id"), text(data.path("result"), "status"), at);
            }
            case "execution_error" -> {
                return new StateChange.RunEnded(text(data, "execution_id"), KILLED, at);
            }
            case "presence_join" -> {
                return new StateChange.Joined(new PresenceEntry(text(data, "user"), text(data, "connection_id"),
                        text(data, "transport"), Instant.parse(text(data, "joined_at"))));
            }
            case "presence_leave" -> {
                return new StateChange.Left(text(data, "connection_id"));
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isStateType(String type) {
        return switch (type) {
            case "file_saved", "session_update", DOC_UPDATE, "execution_start", "execution_input", "execution_complete",
                    "execution_error", "presence_join", "presence_leave" -> true;
            default -> false;
        };
    }

    private static @Nullable StateChange sessionUpdate(JsonNode data) {
        JsonNode details = data.path("details");
        if (!details.path("file_name").isString()) {
            // not about one file
            return null;
        }
        String fileName = text(details, "file_name");
        return switch (data.path("update_type").asString("")) {
            case "file_added", "file_updated" -> new StateChange.FileDescribed(fileName, text(details, "language"),
                    details.path("size").asLong(), Instant.parse(text(details, "saved_at")));
            case "file_deleted" -> new StateChange.FileDeleted(fileName);
            default -> null;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("no text '" + field + "'");
        }
        return value.asString();
    }

    /** The type of an envelope as the envelope writer starts it, or {@code null} for another shape. */
    static @Nullable String typeOf(byte[] envelope) {
        if (envelope.length < TYPE_PREFIX.length) {
            return null;
        }
        for (int i = 0; i < TYPE_PREFIX.length; i++) {
            if (envelope[i] != TYPE_PREFIX[i]) {
                return null;
            }
        }
        // wire names are lowercase ASCII and underscores: no escapes to read
        for (int i = TYPE_PREFIX.length; i < envelope.length && i < TYPE_PREFIX.length + 64; i++) {
            if (envelope[i] == '"') {
                return new String(envelope, TYPE_PREFIX.length, i - TYPE_PREFIX.length, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    // data.execution_id: where the envelope writer puts it when it has no escapes, else by parsing
    private @Nullable String outputExecutionId(byte[] envelope) {
        int start = EnvelopeWriter.indexOf(envelope, OUTPUT_ID_PREFIX);
        if (start >= 0) {
            start += OUTPUT_ID_PREFIX.length;
            for (int i = start; i < envelope.length && i < start + 128; i++) {
                if (envelope[i] == '\\') {
                    break;
                }
                if (envelope[i] == '"') {
                    return new String(envelope, start, i - start, StandardCharsets.UTF_8);
                }
            }
        }
        return parsedExecutionId(envelope);
    }

    // data.execution_id, read without building the output's text into a tree
    private @Nullable String parsedExecutionId(byte[] envelope) {
        try (JsonParser parser = this.json.createParser(envelope)) {
            int depth = 0;
            boolean inData = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                }
                else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    inData = inData && depth >= 2;
                }
                else if (token == JsonToken.PROPERTY_NAME) {
                    if (depth == 1 && "data".equals(parser.currentName())) {
                        inData = true;
                    }
                    else if (inData && depth == 2 && "execution_id".equals(parser.currentName())) {
                        return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getString() : null;
                    }
                    else if (depth == 1 || (inData && depth == 2)) {
                        // a value we do not need: step over it whole
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                    }
                }
            }
            return null;
        }
    }
}
