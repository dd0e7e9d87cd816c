package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.ghostide.realtime.hooks.SessionFileEdited;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.SessionUpdateType;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What the shared documents need of the session files: the rule for names, the size limit, a
 * file's stored text, and a way to store a document's text. Storing a document is not a save:
 * no {@code file_saved} and no {@code on_save} hook (the session heard every edit as a
 * {@code doc_update}), only {@code session_update} {@code file_added} when the file is new, and
 * the {@link SessionFileEdited} event for features that remember files.
 */
public final class DocumentStorage {

    private final SessionFileStore store;

    private final SessionFileNames names;

    private final WorkspaceProperties properties;

    private final MessageRouter router;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    DocumentStorage(SessionFileStore store, SessionFileNames names, WorkspaceProperties properties, MessageRouter router,
            ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.names = names;
        this.properties = properties;
        this.router = router;
        this.events = events;
        this.clock = clock;
    }

    /** Why {@code fileName} is no file name a session may use, or {@code null} when it is one. */
    public @Nullable String problemWith(@Nullable String fileName) {
        return this.names.problemWith(fileName);
    }

    /** The largest file, in UTF-8 bytes ({@code ghostide.workspace.max-file-size}). */
    public long maxFileSize() {
        return this.properties.maxFileSize().toBytes();
    }

    /** What the files of a session, and of every session, may hold ({@code ghostide.workspace}). */
    public Limits limits() {
        return new Limits(this.properties.maxFilesPerSession(), this.properties.maxBytesPerSession().toBytes(),
                this.properties.maxTotalBytes().toBytes(), this.properties.maxSessions());
    }

    /** The file's stored text; empty when there is no such file. */
    public Optional<String> read(String sessionId, String fileName) throws IOException {
        return this.store.read(sessionId, fileName).map(content -> new String(content.bytes(), StandardCharsets.UTF_8));
    }

    /**
     * Stores {@code text} as the file, keeping its language.
     *
     * @throws IOException when the store fails, or refuses the text for a limit of the workspace
     */
    public void write(String sessionId, String fileName, String text) throws IOException {
        Optional<SessionFile> existing = this.store.find(sessionId, fileName);
        // the language it shows; a guessed one stays what the name guesses
        String language = existing.map(SessionFile::language).orElse(null);
        Instant savedAt = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean created;
        try {
            created = this.store.save(sessionId, fileName, bytes, language, savedAt);
        }
        catch (SessionFileException ex) {
            throw new IOException(ex.title() + ": " + ex.detail(), ex);
        }
        announce(sessionId, fileName, text, language, savedAt, created);
    }

    /**
     * Tells the session and the application that {@code text} was stored as the file by a shared
     * store's own write (the Redis document script): {@code file_added} when it is new.
     */
    public void stored(String sessionId, String fileName, String text, boolean created) {
        Optional<SessionFile> file;
        try {
            file = this.store.find(sessionId, fileName);
        }
        catch (IOException ex) {
            // stored already: announced with the guessed language and the time now
            file = Optional.empty();
        }
        Instant savedAt = file.map(SessionFile::savedAt).orElseGet(() -> Instant.now(this.clock));
        announce(sessionId, fileName, text, file.map(SessionFile::language).orElse(null), savedAt, created);
    }

    private void announce(String sessionId, String fileName, String text, @Nullable String language, Instant savedAt,
            boolean created) {
        String effective = language != null ? language : FileLanguages.guess(fileName);
        if (created) {
            this.router.publishSessionUpdate(sessionId, SessionUpdateType.FILE_ADDED, SessionFileService.details(
                    new SessionFile(SessionFile.fileId(sessionId, fileName), fileName, effective,
                            text.getBytes(StandardCharsets.UTF_8).length, savedAt)));
        }
        this.events.publishEvent(new SessionFileEdited(sessionId, fileName, effective, text));
    }

    /**
     * The limits of the session files, for a shared store that checks them in its own write.
     *
     * @param filesPerSession how many files one session may hold
     * @param bytesPerSession bytes the files of one session may hold together
     * @param totalBytes bytes the files of every session may hold together
     * @param sessions sessions that may hold files at once
     */
    public record Limits(int filesPerSession, long bytesPerSession, long totalBytes, int sessions) {
    }
}
