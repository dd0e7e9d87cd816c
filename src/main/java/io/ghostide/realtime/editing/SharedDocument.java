package io.ghostide.realtime.editing;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One session file as a shared document. Two locks, always taken in this order: {@link #writes}
 * while the file store is written for it (a persist, a save, a delete), so that the store takes
 * the file's texts in the document's order; {@link #lock} while its text and version are read or
 * changed and the change is published, so that {@code doc_update}s reach the session log in
 * version order. Nothing slow happens under {@code lock}: store I/O is done under {@code writes}
 * alone, and a push waits only for another push or a publish.
 */
final class SharedDocument {

    final String sessionId;

    final String fileName;

    final ReentrantLock writes = new ReentrantLock();

    final ReentrantLock lock = new ReentrantLock();

    // the text; null until it is read from the store. Guarded by lock
    @Nullable String text;

    // updates taken so far. Guarded by lock
    long version;

    // the version whose text the store holds. Guarded by lock
    long storedVersion;

    SharedDocument(String sessionId, String fileName) {
        this.sessionId = sessionId;
        this.fileName = fileName;
    }

    long version() {
        this.lock.lock();
        try {
            return this.version;
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Bytes of {@code text} in UTF-8, or -1 when it holds half of a surrogate pair, which UTF-8
     * cannot store (Java would write a {@code ?} in its place and the file would differ).
     */
    static long utf8Length(String text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return -1;
            }
            else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
