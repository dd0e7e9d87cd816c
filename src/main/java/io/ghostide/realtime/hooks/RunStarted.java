package io.ghostide.realtime.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ghostide.realtime.messaging.HookType;

/** {@code on_run}: a run of the session's code started. */
public record RunStarted(String sessionId, String executionId, String language, String code) implements HookEvent {

    @Override
    public HookType hookType() {
        return HookType.ON_RUN;
    }

    @Override
    public Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("execution_id", this.executionId);
        context.put("language", this.language);
        return context;
    }
}
