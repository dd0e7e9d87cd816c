package io.ghostide.realtime.workspace;

/**
 * The version of a session file as a shared document: how many updates it has taken.
 * A file never edited as a document is at version 0.
 */
public interface DocumentVersions {

    /** Returned by {@link #sizeAt} for a version whose size is not known. */
    long UNKNOWN_SIZE = -1;

    long version(String sessionId, String fileName);

    /**
     * The bytes (UTF-8) of the document's text at {@code version}, which the store may not hold
     * yet; {@link #UNKNOWN_SIZE} when the document is not open or that version is no longer known.
     */
    long sizeAt(String sessionId, String fileName, long version);
}
