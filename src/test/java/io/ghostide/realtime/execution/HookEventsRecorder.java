package io.ghostide.realtime.execution;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.ghostide.realtime.hooks.HookEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/** Records every hook event, as another feature (Ghost AI) would listen to them. */
@TestConfiguration(proxyBeanMethods = false)
class HookEventsRecorder {

    final BlockingQueue<HookEvent> events = new LinkedBlockingQueue<>();

    @EventListener
    void on(HookEvent event) {
        this.events.add(event);
    }
}
