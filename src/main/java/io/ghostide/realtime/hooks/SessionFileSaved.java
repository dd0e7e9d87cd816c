package io.ghostide.realtime.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ghostide.realtime.messaging.HookType;
import org.jspecify.annotations.Nullable;

/** {@code on_save}: a file of the session was saved. */
public record SessionFileSaved(String sessionId, String fileName, @Nullable String language, String content,
        boolean created) implements HookEvent {

    @Override
    public HookType hookType() {
        return HookType.ON_SAVE;
    }

    @Override
    public Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("file_name", this.fileName);
        context.put("language", this.language);
        context.put("size", this.content.length());
        return context;
    }
}
