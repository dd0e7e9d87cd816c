package io.ghostide.realtime.editing;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.sessionlog.SessionLog;
import io.ghostide.realtime.workspace.DocumentStorage;
import io.ghostide.realtime.workspace.DocumentVersions;
import io.ghostide.realtime.workspace.SessionDocuments;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The one authority over the session files as shared documents, on this instance
 * ({@code ghostide.cluster.mode=local}). A document becomes open when an editor opens or pushes
 * to it, and stays open from then on (so every editor's version keeps meaning the same text);
 * saves and deletes of an open document reach its editors as {@code doc_update}s replacing the
 * whole text. Updates are taken only on the current version, checked, applied and published
 * under the document's lock, so the session's {@code seq} order is the document's version order
 * and nothing a push carries is taken unless all of it is.
 */
@Component
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
class DocumentAuthority implements SharedDocuments, SessionDocuments, DocumentVersions {

    // session id -> (file name -> its document)
    private final Map<String, Map<String, SharedDocument>> documents = new ConcurrentHashMap<>();

    private final DocumentStorage storage;

    private final DocumentPersister persister;

    private final MessageRouter router;

    private final SessionLog log;

    private final DocsProperties properties;

    DocumentAuthority(DocumentStorage storage, DocumentPersister persister, MessageRouter router, SessionLog log,
            DocsProperties properties) {
        this.storage = storage;
        this.persister = persister;
        this.router = router;
        this.log = log;
        this.properties = properties;
    }

    @Override
    public Payloads.DocState open(String sessionId, String fileName) throws IOException {
        SharedDocument document = loaded(sessionId, fileName);
        document.lock.lock();
        try {
            // under the lock every doc_update of this document is published under: those up to seq are in the text
            long seq = this.log.read(sessionId, null).seq();
            return new Payloads.DocState(fileName, document.version, java.util.Objects.requireNonNull(document.text), seq);
        }
        finally {
            document.lock.unlock();
        }
    }

    @Override
    public Payloads.@Nullable DocRejected push(String sessionId, String fileName, long version,
            List<ClientCommands.DocPushUpdate> updates, String user) throws IOException {
        SharedDocument document = loaded(sessionId, fileName);
        long maxBytes = this.storage.maxFileSize();
        document.lock.lock();
        try {
            if (version != document.version) {
                return new Payloads.DocRejected(fileName, document.version);
            }
            PushedText pushed = PushedText.apply(java.util.Objects.requireNonNull(document.text), updates, maxBytes);
            long after = version + updates.size();
            // published before it counts: a publish that fails leaves the document as it was
            this.router.publish(sessionId, MessageType.DOC_UPDATE, new Payloads.DocUpdate(fileName, after, pushed.changes(), user));
            document.text = pushed.text();
            document.version = after;
            document.sized();
        }
        finally {
            document.lock.unlock();
        }
        this.persister.changed(document);
        return null;
    }

    @Override
    public long version(String sessionId, String fileName) {
        SharedDocument document = find(sessionId, fileName);
        return document != null ? document.version() : 0;
    }

    @Override
    public long sizeAt(String sessionId, String fileName, long version) {
        SharedDocument document = find(sessionId, fileName);
        return document != null ? document.sizeAt(version) : UNKNOWN_SIZE;
    }

    @Override
    public void flush(String sessionId, @Nullable String fileName) throws IOException {
        Map<String, SharedDocument> ofSession = this.documents.get(sessionId);
        if (ofSession == null) {
            return;
        }
        if (fileName != null) {
            SharedDocument document = ofSession.get(fileName);
            if (document != null) {
                this.persister.persist(document);
            }
            return;
        }
        for (SharedDocument document : List.copyOf(ofSession.values())) {
            this.persister.persist(document);
        }
    }

    @Override
    public <T> T replace(String sessionId, String fileName, String text, String user, StoreWrite<T> write)
            throws IOException {
        SharedDocument document = find(sessionId, fileName);
        if (document == null) {
            // not open: whoever opens it later reads what the store holds
            return write.run();
        }
        document.writes.lock();
        try {
            T result = write.run();
            takeWholeText(document, text, user);
            return result;
        }
        finally {
            document.writes.unlock();
        }
    }

    @Override
    public boolean delete(String sessionId, String fileName, String user, StoreWrite<Boolean> delete)
            throws IOException {
        SharedDocument document = find(sessionId, fileName);
        if (document == null) {
            return delete.run();
        }
        document.writes.lock();
        try {
            boolean deleted = delete.run();
            if (deleted) {
                takeWholeText(document, "", user);
            }
            return deleted;
        }
        finally {
            document.writes.unlock();
        }
    }

    /** Makes {@code text}, which the store now holds, the document's text; called with its writes held. */
    private void takeWholeText(SharedDocument document, String text, String user) {
        document.lock.lock();
        try {
            String current = document.text;
            if (current != null && !current.equals(text)) {
                ChangeSet changes = ChangeSet.replaceAll(current.length(), text);
                long after = document.version + 1;
                this.router.publish(document.sessionId, MessageType.DOC_UPDATE, new Payloads.DocUpdate(document.fileName,
                        after, List.of(new Payloads.DocChange(changes.toJson(), SERVER_CLIENT_ID)), user));
                document.version = after;
            }
            document.text = text;
            document.storedVersion = document.version;
            document.sized();
        }
        finally {
            document.lock.unlock();
        }
    }

    private @Nullable SharedDocument find(String sessionId, String fileName) {
        Map<String, SharedDocument> ofSession = this.documents.get(sessionId);
        return ofSession != null ? ofSession.get(fileName) : null;
    }

    /** The document, opened (its text read from the store) if it was not open yet. */
    private SharedDocument loaded(String sessionId, String fileName) throws IOException {
        Map<String, SharedDocument> ofSession = this.documents.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>());
        SharedDocument document = ofSession.get(fileName);
        if (document == null) {
            if (ofSession.size() >= this.properties.maxDocumentsPerSession()) {
                throw InvalidChangeException.tooManyDocuments(this.properties.maxDocumentsPerSession());
            }
            document = ofSession.computeIfAbsent(fileName, name -> new SharedDocument(sessionId, name));
        }
        if (textOf(document) != null) {
            // open already: a push never waits for a write of the store
            return document;
        }
        document.writes.lock();
        try {
            if (textOf(document) == null) {
                String stored = this.storage.read(sessionId, fileName).orElse("");
                document.lock.lock();
                try {
                    document.text = stored;
                    document.storedVersion = document.version;
                    document.sized();
                }
                finally {
                    document.lock.unlock();
                }
            }
        }
        finally {
            document.writes.unlock();
        }
        return document;
    }

    private static @Nullable String textOf(SharedDocument document) {
        document.lock.lock();
        try {
            return document.text;
        }
        finally {
            document.lock.unlock();
        }
    }
}
