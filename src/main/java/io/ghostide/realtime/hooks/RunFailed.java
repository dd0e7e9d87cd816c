package io.ghostide.realtime.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.HookType;

/**
 * {@code on_error}: a run ended in failure or timed out; {@code error} is what it wrote to stderr,
 * or the status it ended with when it wrote nothing there.
 */
public record RunFailed(String sessionId, String executionId, String language, String code,
        ExecutionResult result) implements HookEvent {

    @Override
    public HookType hookType() {
        return HookType.ON_ERROR;
    }

    /** The run's stderr, or when that is blank the status it ended with (as {@code timed_out}), so the hook never says nothing. */
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
