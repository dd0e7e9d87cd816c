package io.ghostide.realtime.workspace;

/**
 * The version of a session file as a shared document: how many updates it has taken.
 * A file never edited as a document is at version 0.
 */
public interface DocumentVersions {

    long version(String sessionId, String fileName);
}
