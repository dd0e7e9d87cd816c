package io.ghostide.realtime.workspace;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sessions store, counted so that a save past a limit is refused before anything is
 * written: bytes per session (413), bytes in all and sessions holding files (507). The counts
 * start from what the store holds at startup and follow every save and delete; callers hold
 * the session's write lock, so one session's count has one writer at a time. This is the local
 * store's count; the Redis store keeps the same counts in Redis and checks them in its save script.
 */
final class WorkspaceQuota {

    // session id -> bytes of its files, for every session that holds at least one file
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();

    private final AtomicLong total = new AtomicLong();

    private final WorkspaceProperties properties;

    WorkspaceQuota(WorkspaceProperties properties, Map<String, Long> stored) {
        this.properties = properties;
        this.sessions.putAll(stored);
        this.total.set(stored.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Counts a save that replaces {@code oldSize} bytes (0 for a new file) with {@code newSize},
     * or throws 413 or 507 and counts nothing. {@link #release} undoes it when the write fails.
     */
    void admit(String sessionId, long oldSize, long newSize) {
        Long current = this.sessions.get(sessionId);
        long after = (current != null ? current : 0) - oldSize + newSize;
        long perSession = this.properties.maxBytesPerSession().toBytes();
        if (after > perSession) {
            throw sessionFull(this.properties, sessionId, after);
        }
        long delta = newSize - oldSize;
        if (this.total.addAndGet(delta) > this.properties.maxTotalBytes().toBytes() && delta > 0) {
            this.total.addAndGet(-delta);
            throw storeFull(this.properties);
        }
        if (current == null) {
            // sessions on other stripes may be new at the same moment: the count is checked under one lock
            synchronized (this) {
                if (this.sessions.size() >= this.properties.maxSessions()) {
                    this.total.addAndGet(-delta);
                    throw tooManySessions(this.properties);
                }
                this.sessions.put(sessionId, after);
            }
        }
        else {
            this.sessions.put(sessionId, after);
        }
    }

    /** Undoes {@link #admit} for a write that failed. */
    void release(String sessionId, long oldSize, long newSize, boolean sessionEmpty) {
        removed(sessionId, newSize - oldSize, sessionEmpty);
    }

    /** Counts {@code bytes} less for the session; it no longer counts at all once it holds no file. */
    void removed(String sessionId, long bytes, boolean sessionEmpty) {
        this.total.addAndGet(-bytes);
        if (sessionEmpty) {
            this.sessions.remove(sessionId);
        }
        else {
            this.sessions.computeIfPresent(sessionId, (id, size) -> size - bytes);
        }
    }

    // the refusals, worded the same whichever store counts

    static SessionFileException tooManyFiles(WorkspaceProperties properties, String sessionId) {
        return SessionFileException.sessionFull("Too many files", "Session " + sessionId + " already holds "
                + properties.maxFilesPerSession() + " files (ghostide.workspace.max-files-per-session); delete one first");
    }

    static SessionFileException sessionFull(WorkspaceProperties properties, String sessionId, long after) {
        return SessionFileException.sessionFull("Session full", "Session " + sessionId + " would hold " + after
                + " bytes; at most " + properties.maxBytesPerSession().toBytes()
                + " (ghostide.workspace.max-bytes-per-session); delete a file first");
    }

    static SessionFileException storeFull(WorkspaceProperties properties) {
        return SessionFileException.insufficientStorage("The server stores at most "
                + properties.maxTotalBytes().toBytes() + " bytes of files in all (ghostide.workspace.max-total-bytes)");
    }

    static SessionFileException tooManySessions(WorkspaceProperties properties) {
        return SessionFileException.insufficientStorage("At most " + properties.maxSessions()
                + " sessions may hold files (ghostide.workspace.max-sessions)");
    }

    long totalBytes() {
        return this.total.get();
    }

    int sessionCount() {
        return this.sessions.size();
    }
}
