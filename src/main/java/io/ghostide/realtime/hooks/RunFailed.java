package io.ghostide.realtime.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;

/** {@code on_error}: a run ended in failure or timed out; {@code error} is what it wrote to stderr. */
public record RunFailed(String sessionId, String executionId, String language, String code,
        ExecutionResult result) implements HookEvent {

    @Override
    public String hookType() {
        return "on_error";
    }

    /** The error text a reader of the run would look at first: stderr, else stdout's tail. */
    public String error() {
        String stderr = this.result.stderr();
        return !stderr.isBlank() ? stderr : this.result.status().wireName();
    }

    @Override
    public Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("execution_id", this.executionId);
        context.put("language", this.language);
        context.put("error", error());
        context.put("exit_code", this.result.exitCode());
        context.put("status", this.result.status().wireName());
        context.put("timed_out", this.result.timedOut());
        return context;
    }
}
