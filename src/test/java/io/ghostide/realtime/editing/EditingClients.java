package io.ghostide.realtime.editing;

import tools.jackson.databind.JsonNode;

/** What the editing tests send, and how an editor applies what it hears, as a CodeMirror editor would. */
final class EditingClients {

    private EditingClients() {
    }

    static String open(String fileName) {
        return "{\"type\":\"doc_open\",\"data\":{\"file_name\":\"" + fileName + "\"}}";
    }

    /** A push of one update with {@code changes} (JSON text) made on {@code version}. */
    static String push(String fileName, long version, String changes, String clientId) {
        return "{\"type\":\"doc_push\",\"data\":{\"file_name\":\"" + fileName + "\",\"version\":" + version
                + ",\"updates\":[{\"changes\":" + changes + ",\"client_id\":\"" + clientId + "\"}]}}";
    }

    /** The text after every update of a {@code doc_update} is applied to {@code text}. */
    static String apply(String text, JsonNode docUpdate) {
        String result = text;
        for (JsonNode update : docUpdate.get("data").get("updates")) {
            result = ChangeSet.parse(update.get("changes"), result.length(), Long.MAX_VALUE).apply(result);
        }
        return result;
    }

    static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asString());
    }
}
