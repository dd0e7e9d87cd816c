package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.file.Path;

import io.ghostide.realtime.execution.RunDirectoryContributor;
import io.ghostide.realtime.system.SessionIds;
import org.springframework.stereotype.Component;

/** Gives every run the session's files as their editors have them, so that {@code main.py} can import {@code util.py}. */
@Component
class SessionFilesRunDirectoryContributor implements RunDirectoryContributor {

    private final SessionFileStore store;

    private final SessionDocuments documents;

    SessionFilesRunDirectoryContributor(SessionFileStore store, SessionDocuments documents) {
        this.store = store;
        this.documents = documents;
    }

    @Override
    public void contribute(String sessionId, Path workDir) throws IOException {
        // the documents' edits first: a run sees the text its editors see
        this.documents.flush(SessionIds.requireValid(sessionId), null);
        this.store.copyInto(sessionId, workDir);
    }
}
