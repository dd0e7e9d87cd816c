package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The start-up sweep of the run directories that server instances left behind: an instance whose
 * live file nobody locks any more (a server killed with -9) is gone, and its directory is removed.
 */
final class DeadInstanceSweep {

    private static final Log logger = LogFactory.getLog(DeadInstanceSweep.class);

    // an instance directory from before live locks existed is taken as dead once this old
    private static final Duration UNLOCKED_AGE = Duration.ofDays(1);

    private DeadInstanceSweep() {
    }

    /**
     * Deletes the directories of server instances that are gone: their live file is no longer
     * locked (the lock dies with the process, however it ended).
     */
    static void sweep(Path base) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, RunDirectories.INSTANCE_PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(RunDirectories.LIVE_SUFFIX) || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path live = base.resolve(name + RunDirectories.LIVE_SUFFIX);
                if (Files.exists(live, LinkOption.NOFOLLOW_LINKS) ? unlocked(live) : olderThanUnlockedAge(entry)) {
                    RunDirectories.delete(entry);
                    Files.deleteIfExists(live);
                    logger.info("Removed " + entry + ", the run directories of a server that is gone");
                }
            }
        }
    }

    private static boolean unlocked(Path live) {
        if (HeldLockFiles.isHeld(live)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        }
        catch (OverlappingFileLockException ex) {
            // an instance in this very process holds it
            return false;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static boolean olderThanUnlockedAge(Path directory) throws IOException {
        Instant modified = Files.getLastModifiedTime(directory, LinkOption.NOFOLLOW_LINKS).toInstant();
        return modified.isBefore(Instant.now().minus(UNLOCKED_AGE));
    }
}
