package io.ghostide.realtime.hooks;

import java.util.Map;

/** A hook that fired in a session; published as a Spring application event. */
public sealed interface HookEvent permits RunStarted, RunFailed, SessionFileSaved {

    /** The session the hook fired in. */
    String sessionId();

    /** {@code on_run}, {@code on_error} or {@code on_save}. */
    String hookType();

    /** The {@code context} of the {@code hook_triggered} message. */
    Map<String, Object> context();
}
