package io.ghostide.realtime.workspace;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * The session files as shared documents, as the workspace needs them; implemented by the
 * editing feature, which holds the text that open editors work on. The store may lag behind a
 * document by the persist delay, so readers flush first, and every write of a file goes through
 * here, so that writes of one file (a save, a delete, the document's own persist) happen one
 * at a time and in the order the document took them.
 */
public interface SessionDocuments {

    /** A write to the file store, run while the document's writes are held. */
    @FunctionalInterface
    interface StoreWrite<T> {

        T run() throws IOException;
    }

    /** Stores what the session's documents (or only {@code fileName}'s, when given) took and the store lacks yet. */
    void flush(String sessionId, @Nullable String fileName) throws IOException;

    /**
     * Runs {@code write}, which stores {@code text} as the file, then makes {@code text} the
     * document's whole text: an open document whose text differs publishes a {@code doc_update}
     * by {@code user} that replaces it. Nothing changes when {@code write} throws.
     */
    <T> T replace(String sessionId, String fileName, String text, String user, StoreWrite<T> write) throws IOException;

    /**
     * Runs {@code delete}, which removes the file, then empties an open document with a
     * {@code doc_update} by {@code user}; the document's version goes on from where it was.
     */
    boolean delete(String sessionId, String fileName, String user, StoreWrite<Boolean> delete) throws IOException;
}
