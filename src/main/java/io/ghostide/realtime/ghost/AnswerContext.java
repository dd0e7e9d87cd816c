package io.ghostide.realtime.ghost;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@code context} of an {@code ai_response}: what triggered it, which provider answered,
 * whether the answer was cut at its limit, and what it reacts to (the diagnosis of a failed run,
 * the file just saved).
 */
final class AnswerContext {

    private AnswerContext() {
    }

    static Map<String, Object> of(GhostReply.Resources resources, GhostPrompt.Trigger trigger, boolean truncated,
            GhostPrompt.@Nullable RunReport run, GhostPrompt.@Nullable CodeUnit saved, GhostSessions.State state) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("trigger", trigger.wireName());
        context.put("provider", resources.provider().name());
        if (truncated) {
            context.put("truncated", true);
        }
        if (trigger == GhostPrompt.Trigger.ON_ERROR && run != null) {
            context.putAll(RunDiagnoses.diagnose(resources.advisor(), run, state.snapshot().savedFiles()).context());
        }
        if (saved != null && saved.fileName() != null) {
            context.put("file_name", saved.fileName());
        }
        return context;
    }
}
