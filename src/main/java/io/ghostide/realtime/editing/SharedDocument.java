package io.ghostide.realtime.editing;

import java.util.Arrays;
import java.util.Objects;
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

    // how many versions' sizes are remembered
    private static final int RECENT_SIZES = 64;

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

    // the text's bytes at the last RECENT_SIZES versions, each at version % RECENT_SIZES, with the
    // version it is of beside it: a snapshot asks the size at the version of its seq, a moment ago.
    // Guarded by lock
    private final long[] sizes = new long[RECENT_SIZES];

    private final long[] sizeVersions = new long[RECENT_SIZES];

    SharedDocument(String sessionId, String fileName) {
        this.sessionId = sessionId;
        this.fileName = fileName;
        Arrays.fill(this.sizeVersions, -1);
    }

    /** Remembers the size of the text at the current version; called with {@link #lock} held, after a change. */
    void sized() {
        int slot = (int) Math.floorMod(this.version, (long) RECENT_SIZES);
        this.sizes[slot] = utf8Length(Objects.requireNonNull(this.text));
        this.sizeVersions[slot] = this.version;
    }

    /** The bytes of the text at {@code version}, or -1 when that version is no longer remembered. */
    long sizeAt(long version) {
        this.lock.lock();
        try {
            int slot = (int) Math.floorMod(version, (long) RECENT_SIZES);
            return this.sizeVersions[slot] == version ? this.sizes[slot] : -1;
        }
        finally {
            this.lock.unlock();
        }
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
