package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock files this JVM holds a lock on. On Linux a file lock belongs to the process, and
 * closing any channel of the file drops it: probing a lock file that another part of this JVM
 * holds (a second application context in tests, a second run) through a channel of its own
 * would release the holder's lock for every other process. So a uid's lock file is opened only
 * by the run that claimed it here, and an instance's live file (RunDirectories) is never opened
 * by the sweep of another instance in this JVM.
 */
final class HeldLockFiles {

    // absolute, normalized paths
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private HeldLockFiles() {
    }

    /** Claims {@code file} for the caller; false when this JVM already holds it. */
    static boolean claim(Path file) {
        return HELD.add(key(file));
    }

    /** Gives {@code file} up, once its channel is closed. */
    static void release(Path file) {
        HELD.remove(key(file));
    }

    /** Whether some part of this JVM holds {@code file}. */
    static boolean isHeld(Path file) {
        return HELD.contains(key(file));
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
