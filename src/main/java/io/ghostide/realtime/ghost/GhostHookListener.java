package io.ghostide.realtime.ghost;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.hooks.RunFailed;
import io.ghostide.realtime.hooks.RunStarted;
import io.ghostide.realtime.hooks.SessionFileDeleted;
import io.ghostide.realtime.hooks.SessionFileEdited;
import io.ghostide.realtime.hooks.SessionFileSaved;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;

/**
 * Ghost's ears on the session's hooks. Listeners run on the thread that fired the hook (a run,
 * a save), so each only records and queues, and never throws back into the firing feature.
 * {@code on_error} always gets advice; {@code on_run} and {@code on_save} as configured, the latter
 * after a quiet time, and a run that starts meanwhile drops the pending save remark. A file
 * edited as a shared document is remembered as stored; a deleted file is forgotten.
 */
class GhostHookListener {

    private static final Log logger = LogFactory.getLog(GhostHookListener.class);

    private final GhostResponder responder;

    private final GhostProperties properties;

    private final ScheduledExecutorService scheduler;

    // session id -> the on_save remark waiting for its quiet time
    private final Map<String, ScheduledFuture<?>> pendingSaveRemarks = new ConcurrentHashMap<>();

    GhostHookListener(GhostResponder responder, GhostProperties properties, ScheduledExecutorService scheduler) {
        this.responder = responder;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @EventListener
    void on(RunStarted event) {
        try {
            dropPendingSaveRemark(event.sessionId());
            this.responder.runStarted(event.sessionId(),
                    new GhostPrompt.RunReport(event.executionId(), event.language(), event.code(), null),
                    this.properties.reactions().onRun());
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost could not react to on_run in session " + event.sessionId(), ex);
        }
    }

    @EventListener
    void on(RunFailed event) {
        try {
            dropPendingSaveRemark(event.sessionId());
            this.responder.runFailed(event.sessionId(),
                    new GhostPrompt.RunReport(event.executionId(), event.language(), event.code(), event.result()));
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost could not react to on_error in session " + event.sessionId(), ex);
        }
    }

    @EventListener
    void on(SessionFileSaved event) {
        try {
            GhostPrompt.CodeUnit file = new GhostPrompt.CodeUnit(event.fileName(),
                    event.language() != null ? event.language() : "plaintext", event.content());
            this.responder.fileSaved(event.sessionId(), file);
            if (this.properties.reactions().onSave()) {
                ScheduledFuture<?> remark = this.scheduler.schedule(() -> {
                    this.pendingSaveRemarks.remove(event.sessionId());
                    this.responder.commentOnSave(event.sessionId(), file);
                }, this.properties.reactions().onSaveDebounce().toNanos(), TimeUnit.NANOSECONDS);
                ScheduledFuture<?> previous = this.pendingSaveRemarks.put(event.sessionId(), remark);
                if (previous != null) {
                    previous.cancel(false);
                }
            }
        }
        catch (RejectedExecutionException ex) {
            // shutting down
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost could not react to on_save in session " + event.sessionId(), ex);
        }
    }

    /** A shared document's edits were stored: Ghost knows the text its editors see, without a remark. */
    @EventListener
    void on(SessionFileEdited event) {
        try {
            this.responder.fileSaved(event.sessionId(),
                    new GhostPrompt.CodeUnit(event.fileName(), event.language(), event.content()));
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost could not note an edited file of session " + event.sessionId(), ex);
        }
    }

    @EventListener
    void on(SessionFileDeleted event) {
        try {
            this.responder.fileDeleted(event.sessionId(), event.fileName());
        }
        catch (RuntimeException ex) {
            logger.warn("Ghost could not forget a deleted file of session " + event.sessionId(), ex);
        }
    }

    private void dropPendingSaveRemark(String sessionId) {
        ScheduledFuture<?> pending = this.pendingSaveRemarks.remove(sessionId);
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
