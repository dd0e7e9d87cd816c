package io.ghostide.realtime.hooks;

import io.ghostide.realtime.messaging.MessageRouter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Fires a hook: {@code hook_triggered} to the session, then the event to the application's listeners. */
@Component
public class HookPublisher {

    private final MessageRouter router;

    private final ApplicationEventPublisher events;

    HookPublisher(MessageRouter router, ApplicationEventPublisher events) {
        this.router = router;
        this.events = events;
    }

    public void fire(HookEvent event) {
        this.router.publishHookTriggered(event.sessionId(), event.hookType(), event.context());
        this.events.publishEvent(event);
    }
}
