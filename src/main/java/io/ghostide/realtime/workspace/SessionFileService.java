package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.hooks.SessionFileDeleted;
import io.ghostide.realtime.hooks.SessionFileSaved;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.system.SessionIds;
import io.ghostide.realtime.messaging.SessionUpdateType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Saves, reads, lists and deletes session files; the one place both the HTTP endpoints and the
 * {@code save_file} command go through. A save is validated completely before anything touches
 * the disk, then stored atomically, then announced to the session in this order:
 * {@code file_saved}, {@code session_update} ({@code file_added} or {@code file_updated}) and the
 * {@code on_save} hook. Every file is also a shared document ({@link SessionDocuments}): a save
 * or delete goes through it, so an open document takes the new text first, and reads flush the
 * document's edits to the store before they look.
 */
class SessionFileService implements SessionFileCatalog {

    private static final Log logger = LogFactory.getLog(SessionFileService.class);

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9+#._-]{1,32}");

    // saves and deletes of one session are serialized, so "added or updated", the file count and
    // the order of the notifications are decided by one writer at a time; sessions hash onto stripes
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    private final SessionFileStore store;

    private final SessionFileNames names;

    private final WorkspaceProperties properties;

    private final MessageRouter router;

    private final HookPublisher hooks;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final SessionDocuments documents;

    SessionFileService(SessionFileStore store, SessionFileNames names, WorkspaceProperties properties,
            MessageRouter router, HookPublisher hooks, ApplicationEventPublisher events, Clock clock,
            SessionDocuments documents) {
        this.documents = documents;
        this.store = store;
        this.names = names;
        this.properties = properties;
        this.router = router;
        this.hooks = hooks;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < this.stripes.length; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    /** What a save did: the file as stored, and whether it is new to the session. */
    record SaveResult(SessionFile file, boolean created) {
    }

    /** The largest content accepted, in bytes. */
    long maxFileSize() {
        return this.properties.maxFileSize().toBytes();
    }

    /**
     * Checks everything a save depends on except the session's state: session id, file name,
     * language and size. Throws {@link SessionFileException} with status 400 or 413.
     */
    @Nullable String validate(String sessionId, String fileName, long size, @Nullable String language) {
        SessionIds.requireValid(sessionId);
        this.names.requireValid(fileName);
        if (size > maxFileSize()) {
            throw SessionFileException.tooLarge("The content of " + fileName + " is " + size + " bytes; at most "
                    + maxFileSize() + " bytes (ghostide.workspace.max-file-size) are stored");
        }
        if (language == null || language.isBlank()) {
            return null;
        }
        String trimmed = language.trim();
        if (!LANGUAGE.matcher(trimmed).matches()) {
            throw SessionFileException.badRequest("Invalid language",
                    "A language is 1 to 32 letters, digits or '+#._-', such as python or cpp");
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** Stores the file and tells the session, {@code user} having saved it; nothing is written when validation fails. */
    SaveResult save(String sessionId, String fileName, String content, @Nullable String language, String user) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String explicitLanguage = validate(sessionId, fileName, bytes.length, language);
        ReentrantLock lock = lockOf(sessionId);
        lock.lock();
        try {
            Instant savedAt = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
            boolean created = this.documents.replace(sessionId, fileName, content, user,
                    () -> this.store.save(sessionId, fileName, bytes, explicitLanguage, savedAt));
            String effectiveLanguage = explicitLanguage != null ? explicitLanguage : FileLanguages.guess(fileName);
            SessionFile file = new SessionFile(SessionFile.fileId(sessionId, fileName), fileName, effectiveLanguage,
                    bytes.length, savedAt);
            this.router.publishFileSaved(sessionId,
                    new Payloads.FileSaved(file.fileId(), fileName, effectiveLanguage, savedAt));
            this.router.publishSessionUpdate(sessionId,
                    created ? SessionUpdateType.FILE_ADDED : SessionUpdateType.FILE_UPDATED, details(file));
            this.hooks.fire(new SessionFileSaved(sessionId, fileName, effectiveLanguage, content, created));
            return new SaveResult(file, created);
        }
        catch (IOException ex) {
            logger.error("Could not save " + fileName + " of session " + sessionId, ex);
            throw SessionFileException.storageFailed("The file could not be stored: " + ex.getClass().getSimpleName());
        }
        finally {
            lock.unlock();
        }
    }

    /** The file's description and its content as text. */
    Map.Entry<SessionFile, String> read(String sessionId, String fileName) {
        SessionIds.requireValid(sessionId);
        this.names.requireValid(fileName);
        try {
            this.documents.flush(sessionId, fileName);
            SessionFileStore.Content content = this.store.read(sessionId, fileName)
                    .orElseThrow(() -> SessionFileException.notFound(sessionId, fileName));
            return Map.entry(content.file(), new String(content.bytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            logger.error("Could not read " + fileName + " of session " + sessionId, ex);
            throw SessionFileException.storageFailed("The file could not be read: " + ex.getClass().getSimpleName());
        }
    }

    @Override
    public List<Entry> files(String sessionId) {
        return list(sessionId).stream()
                .map(file -> new Entry(file.fileName(), file.language(), file.size(), file.savedAt()))
                .toList();
    }

    @Override
    public String languageOf(String fileName) {
        return FileLanguages.guess(fileName);
    }

    List<SessionFile> list(String sessionId) {
        SessionIds.requireValid(sessionId);
        try {
            this.documents.flush(sessionId, null);
            return this.store.list(sessionId);
        }
        catch (IOException ex) {
            logger.error("Could not list the files of session " + sessionId, ex);
            throw SessionFileException.storageFailed("The files could not be listed: " + ex.getClass().getSimpleName());
        }
    }

    /** Deletes the file, sends {@code session_update} {@code file_deleted} and announces it; 404 when there is none. */
    void delete(String sessionId, String fileName, String user) {
        SessionIds.requireValid(sessionId);
        this.names.requireValid(fileName);
        ReentrantLock lock = lockOf(sessionId);
        lock.lock();
        try {
            if (!this.documents.delete(sessionId, fileName, user, () -> this.store.delete(sessionId, fileName))) {
                throw SessionFileException.notFound(sessionId, fileName);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("file_id", SessionFile.fileId(sessionId, fileName));
            details.put("file_name", fileName);
            this.router.publishSessionUpdate(sessionId, SessionUpdateType.FILE_DELETED, details);
            this.events.publishEvent(new SessionFileDeleted(sessionId, fileName));
        }
        catch (IOException ex) {
            logger.error("Could not delete " + fileName + " of session " + sessionId, ex);
            throw SessionFileException.storageFailed("The file could not be deleted: " + ex.getClass().getSimpleName());
        }
        finally {
            lock.unlock();
        }
    }

    static Map<String, Object> details(SessionFile file) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file_id", file.fileId());
        details.put("file_name", file.fileName());
        details.put("language", file.language());
        details.put("size", file.size());
        details.put("saved_at", file.savedAt().toString());
        return details;
    }

    private ReentrantLock lockOf(String sessionId) {
        return this.stripes[Math.floorMod(sessionId.hashCode(), this.stripes.length)];
    }
}
