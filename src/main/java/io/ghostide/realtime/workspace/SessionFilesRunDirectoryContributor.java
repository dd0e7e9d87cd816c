package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.file.Path;

import io.ghostide.realtime.execution.RunDirectoryContributor;
import io.ghostide.realtime.system.SessionIds;
import org.springframework.stereotype.Component;

/** Gives every run the session's saved files, so that {@code main.py} can import {@code util.py}. */
@Component
class SessionFilesRunDirectoryContributor implements RunDirectoryContributor {

    private final SessionFileStore store;

    SessionFilesRunDirectoryContributor(SessionFileStore store) {
        this.store = store;
    }

    @Override
    public void contribute(String sessionId, Path workDir) throws IOException {
        this.store.copyInto(SessionIds.requireValid(sessionId), workDir);
    }
}
