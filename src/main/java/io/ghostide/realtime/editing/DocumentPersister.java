package io.ghostide.realtime.editing;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.connection.ManagedConnections;
import io.ghostide.realtime.workspace.DocumentStorage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stores documents' edits in the session files: half the persist delay after a document first
 * changes (the other half is for the write itself), on demand before a file is read or run, and
 * all of them when the server stops. It stops after the connections are closed, so no edit is
 * taken after the last store; an edit that still arrives then is stored at once.
 */
@Component
class DocumentPersister implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(DocumentPersister.class);

    // a store that failed (a limit of the workspace, a disk, Redis) is tried again this much later at the soonest
    private static final long RETRY_MILLIS = 5000;

    private final DocumentStorage storage;

    private final long delayMillis;

    // documents with edits the store lacks and a store scheduled
    private final Set<SharedDocument> pending = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "document-persister");
        thread.setDaemon(true);
        return thread;
    });

    private volatile boolean running;

    DocumentPersister(DocumentStorage storage, DocsProperties properties) {
        this.storage = storage;
        this.delayMillis = Math.max(1, properties.persistDelay().toMillis() / 2);
    }

    /** The document took edits: store them within the persist delay. */
    void changed(SharedDocument document) {
        if (!this.pending.add(document)) {
            return;
        }
        schedule(document, this.delayMillis);
    }

    /** Stores the document's text now if the store lacks its latest version. */
    void persist(SharedDocument document) throws IOException {
        document.writes.lock();
        try {
            String text;
            long version;
            document.lock.lock();
            try {
                if (document.text == null || document.storedVersion == document.version) {
                    return;
                }
                text = document.text;
                version = document.version;
            }
            finally {
                document.lock.unlock();
            }
            this.storage.write(document.sessionId, document.fileName, text);
            document.lock.lock();
            try {
                document.storedVersion = version;
            }
            finally {
                document.lock.unlock();
            }
        }
        finally {
            document.writes.unlock();
        }
    }

    private void schedule(SharedDocument document, long delayMillis) {
        if (!this.running) {
            store(document);
            return;
        }
        try {
            this.scheduler.schedule(() -> store(document), delayMillis, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            // stopping meanwhile: stop() stores what is pending
            if (!this.running) {
                store(document);
            }
        }
    }

    private void store(SharedDocument document) {
        // out of pending before the write: an edit during it schedules the next one
        if (!this.pending.remove(document)) {
            return;
        }
        try {
            persist(document);
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("Could not store " + document.fileName + " of session " + document.sessionId
                    + " (tried again in " + Math.max(RETRY_MILLIS, this.delayMillis) + " ms): " + ex.getMessage());
            if (this.pending.add(document) && this.running) {
                schedule(document, Math.max(RETRY_MILLIS, this.delayMillis));
            }
        }
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        this.scheduler.shutdownNow();
        for (SharedDocument document : List.copyOf(this.pending)) {
            store(document);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** After the connections are closed ({@link ManagedConnections#PHASE}): no push comes after the last store. */
    @Override
    public int getPhase() {
        return ManagedConnections.PHASE - 1;
    }
}
