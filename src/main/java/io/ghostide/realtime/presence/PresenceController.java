package io.ghostide.realtime.presence;

import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SessionIds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ws/sessions/{sessionId}/presence}: who is in a session. */
@RestController
class PresenceController {

    private final PresenceTracker tracker;

    PresenceController(PresenceTracker tracker) {
        this.tracker = tracker;
    }

    @GetMapping("/ws/sessions/{sessionId}/presence")
    Payloads.SessionPresence presence(@PathVariable String sessionId) {
        return this.tracker.presence(SessionIds.requireValid(sessionId));
    }
}
