package io.ghostide.realtime.snapshot;

import io.ghostide.realtime.execution.TranscriptStore;
import io.ghostide.realtime.presence.PresenceEntry;
import io.ghostide.realtime.presence.PresenceStore;
import io.ghostide.realtime.workspace.DocumentVersions;
import io.ghostide.realtime.workspace.SessionFileCatalog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Reads a session's state from the stores of the features that keep it: its files, its
 * retained runs with their transcripts' lengths, who is present. A store that cannot be read
 * (Redis away) leaves its part empty and is logged; the session's messages fill it in from then on.
 */
@Component
class StateSeeds {

    private static final Log logger = LogFactory.getLog(StateSeeds.class);

    private final SessionFileCatalog files;

    private final TranscriptStore transcripts;

    private final PresenceStore presence;

    // defined once shared editing is; until then every file is at version 0
    private final ObjectProvider<DocumentVersions> versions;

    StateSeeds(SessionFileCatalog files, TranscriptStore transcripts, PresenceStore presence,
            ObjectProvider<DocumentVersions> versions) {
        this.files = files;
        this.transcripts = transcripts;
        this.presence = presence;
        this.versions = versions;
    }

    /** The session's state as the stores hold it now; document versions are left to {@link #versionOf}. */
    SessionContents seed(String sessionId) {
        SessionContents contents = new SessionContents();
        try {
            for (SessionFileCatalog.Entry file : this.files.files(sessionId)) {
                contents.describeFile(file.fileName(), file.language(), file.size(), file.savedAt());
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not read the files of session " + sessionId + " into its state: " + ex);
        }
        try {
            for (TranscriptStore.RunSummary run : this.transcripts.runs(sessionId)) {
                contents.runs.put(run.executionId(), new SessionContents.RunEntry(run.executionId(), run.status(),
                        run.language(), run.startedAt(), run.transcriptNext(), run.endedAt()));
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not read the runs of session " + sessionId + " into its state: " + ex);
        }
        try {
            for (PresenceEntry entry : this.presence.entries(sessionId)) {
                contents.connections.put(entry.connectionId(), entry);
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not read the presence of session " + sessionId + " into its state: " + ex);
        }
        return contents;
    }

    /** The file's version as a shared document: 0 while no document versions are kept. */
    long versionOf(String sessionId, String fileName) {
        DocumentVersions documents = this.versions.getIfAvailable();
        return documents != null ? documents.version(sessionId, fileName) : 0;
    }

    /** The bytes of the file's text at {@code version} as a shared document; {@code stored} when that is not known. */
    long sizeOf(String sessionId, String fileName, long version, long stored) {
        DocumentVersions documents = this.versions.getIfAvailable();
        long size = documents != null ? documents.sizeAt(sessionId, fileName, version) : DocumentVersions.UNKNOWN_SIZE;
        // not open as a document: the store holds its text
        return size != DocumentVersions.UNKNOWN_SIZE ? size : stored;
    }

    String languageOf(String fileName) {
        return this.files.languageOf(fileName);
    }
}
