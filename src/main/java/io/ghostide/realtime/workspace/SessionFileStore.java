package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where session files are kept: on this instance's disk ({@code ghostide.cluster.mode=local}) or
 * in Redis, shared by every instance ({@code redis}). A save replaces a file atomically and is
 * checked against every limit of {@link WorkspaceProperties} in the same step, so a reader never
 * sees part of a file and two saves at once cannot both pass a limit. Callers validate session
 * ids and file names first; the service serializes one session's saves and deletes on this
 * instance, and a shared store makes each of them one atomic step across instances.
 */
interface SessionFileStore {

    /** A stored file with its content, read as one. */
    record Content(SessionFile file, byte[] bytes) {
    }

    /**
     * Stores {@code content} as the file, with {@code language} (or none) as its explicit
     * language, when the limits allow it.
     *
     * @return whether the file is new to the session
     * @throws SessionFileException 413 or 507 when a limit refuses it; nothing is changed then
     */
    boolean save(String sessionId, String fileName, byte[] content, @Nullable String language, Instant savedAt)
            throws IOException;

    Optional<SessionFile> find(String sessionId, String fileName) throws IOException;

    Optional<Content> read(String sessionId, String fileName) throws IOException;

    /** The session's files, by name. */
    List<SessionFile> list(String sessionId) throws IOException;

    /** Deletes the file; false when there was none. */
    boolean delete(String sessionId, String fileName) throws IOException;

    /** Copies the session's files into {@code workDir}, never following or replacing a link there. */
    void copyInto(String sessionId, Path workDir) throws IOException;
}
