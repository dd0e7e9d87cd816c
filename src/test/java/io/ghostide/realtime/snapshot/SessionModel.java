package io.ghostide.realtime.snapshot;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * What a client knows of a session: a {@code session_state} with every later session message
 * applied to it, as the contract says a client should. Two clients that agree on what the
 * session holds have equal models.
 */
final class SessionModel {

    // file name -> language, size, saved_at, version
    final Map<String, String> files = new TreeMap<>();

    // execution id -> status, language, started_at, transcript_next
    final Map<String, Run> runs = new TreeMap<>();

    // connection id -> user, transport, joined_at
    final Map<String, String> connections = new TreeMap<>();

    /** One run as a client tracks it. */
    record Run(String status, String language, String startedAt, int transcriptNext) {
    }

    /** The model a {@code session_state} describes. */
    static SessionModel of(JsonNode state) {
        JsonNode data = state.get("data");
        SessionModel model = new SessionModel();
        for (JsonNode file : data.get("files")) {
            model.files.put(file.get("file_name").asString(), file.get("language").asString() + " "
                    + file.get("size").asLong() + " " + file.get("saved_at").asString() + " v" + file.get("version").asLong());
        }
        for (JsonNode run : data.get("runs")) {
            model.runs.put(run.get("execution_id").asString(), new Run(run.get("status").asString(),
                    run.get("language").asString(), run.get("started_at").asString(), run.get("transcript_next").asInt()));
        }
        for (JsonNode user : data.get("users")) {
            for (JsonNode connection : user.get("connections")) {
                model.connections.put(connection.get("connection_id").asString(), user.get("user").asString() + " "
                        + connection.get("transport").asString() + " " + connection.get("joined_at").asString());
            }
        }
        return model;
    }

    /** Applies one session message, as a client that keeps the state does. */
    void apply(JsonNode message) {
        JsonNode data = message.get("data");
        switch (message.get("type").asString()) {
            case "file_saved" -> {
                String old = this.files.get(data.get("file_name").asString());
                // the size comes with the session_update that follows
                String size = old != null ? old.split(" ")[1] : "0";
                String version = old != null ? old.split(" ")[3] : "v0";
                this.files.put(data.get("file_name").asString(), data.get("language").asString() + " " + size + " "
                        + data.get("saved_at").asString() + " " + version);
            }
            case "session_update" -> {
                JsonNode details = data.get("details");
                String name = details.path("file_name").asString();
                switch (data.get("update_type").asString()) {
                    case "file_added", "file_updated" -> {
                        String old = this.files.get(name);
                        this.files.put(name, details.get("language").asString() + " " + details.get("size").asLong() + " "
                                + details.get("saved_at").asString() + " " + (old != null ? old.split(" ")[3] : "v0"));
                    }
                    case "file_deleted" -> this.files.remove(name);
                    default -> { }
                }
            }
            case "execution_start" -> this.runs.put(data.get("execution_id").asString(), new Run("running",
                    data.get("language").asString(), message.get("timestamp").asString(), 0));
            case "execution_output" -> count(data.get("execution_id").asString());
            case "execution_input" -> {
                if (!data.get("data").asString().isEmpty()) {
                    count(data.get("execution_id").asString());
                }
            }
            case "execution_complete" -> end(data.get("execution_id").asString(), data.get("result").get("status").asString());
            case "execution_error" -> end(data.get("execution_id").asString(), "killed");
            case "presence_join" -> this.connections.put(data.get("connection_id").asString(), data.get("user").asString()
                    + " " + data.get("transport").asString() + " " + data.get("joined_at").asString());
            case "presence_leave" -> this.connections.remove(data.get("connection_id").asString());
            default -> { }
        }
    }

    private void count(String executionId) {
        Run run = this.runs.get(executionId);
        if (run != null && run.status().equals("running")) {
            this.runs.put(executionId, new Run(run.status(), run.language(), run.startedAt(), run.transcriptNext() + 1));
        }
    }

    private void end(String executionId, String status) {
        Run run = this.runs.get(executionId);
        if (run != null && run.status().equals("running")) {
            this.runs.put(executionId, new Run(status, run.language(), run.startedAt(), run.transcriptNext()));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionModel model && model.files.equals(this.files) && model.runs.equals(this.runs)
                && model.connections.equals(this.connections);
    }

    @Override
    public int hashCode() {
        return this.files.hashCode();
    }

    @Override
    public String toString() {
        return "files " + this.files + "\nruns " + this.runs + "\nconnections " + this.connections;
    }
}
