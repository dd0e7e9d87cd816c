package io.ghostide.realtime.ghost;

import java.util.Map;

import io.ghostide.realtime.messaging.Payloads;
import org.jspecify.annotations.Nullable;

/** What Ghost says to a session: the four message types of its answers. */
interface GhostChannel {

    void typing(String sessionId, boolean typing);

    void chunk(String sessionId, String messageId, String delta, int index);

    void response(String sessionId, Payloads.GhostMessage message, @Nullable Map<String, Object> context);

    void error(String sessionId, String error, String detail);
}
