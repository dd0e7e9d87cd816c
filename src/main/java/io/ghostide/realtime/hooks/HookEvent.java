package io.ghostide.realtime.hooks;

import java.util.Map;

import io.ghostide.realtime.messaging.HookType;

/** A hook that fired in a session; published as a Spring application event. */
public sealed interface HookEvent permits RunStarted, RunFailed, SessionFileSaved {

    /** The session the hook fired in. */
    String sessionId();

    /** Which hook fired. */
    HookType hookType();

    /** The {@code context} of the {@code hook_triggered} message. */
    Map<String, Object> context();
}
