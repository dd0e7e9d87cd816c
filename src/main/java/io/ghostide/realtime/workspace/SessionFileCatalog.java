package io.ghostide.realtime.workspace;

import java.time.Instant;
import java.util.List;

/** What other features may know of a session's stored files: their descriptions, not their content. */
public interface SessionFileCatalog {

    /**
     * The session's stored files, as the files endpoint lists them.
     *
     * @throws org.springframework.web.ErrorResponseException when the store cannot list them
     */
    List<Entry> files(String sessionId);

    /** The language a file of this name is taken to be in when its save named none. */
    String languageOf(String fileName);

    /**
     * One stored file.
     *
     * @param size bytes stored at its last save
     */
    record Entry(String fileName, String language, long size, Instant savedAt) {
    }
}
