package io.ghostide.realtime.docs;

import java.util.Map;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.SessionUpdateType;
import org.springframework.stereotype.Service;

/**
 * The README's example of a service that publishes to a session. The part between the markers is
 * the README's Java block, word for word ({@link ReadmeExamplesTests} compares them).
 */
// readme:start
@Service
class ExternalEditNotifier {

    private final MessageRouter router;

    ExternalEditNotifier(MessageRouter router) {
        this.router = router;
    }

    /** Tells every tab of the session that a file changed outside the IDE; returns the message's seq. */
    long fileChanged(String sessionId, String fileName) {
        return this.router.publishSessionUpdate(sessionId, SessionUpdateType.FILE_UPDATED, Map.of("file_name", fileName));
    }
}
// readme:end
