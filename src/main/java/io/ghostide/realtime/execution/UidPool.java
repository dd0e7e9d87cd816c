package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Hands each concurrent run a uid of its own, when the server runs as root: RLIMIT_NPROC is
 * counted per uid and not enforced for root, and a uid that belongs to one run alone may be
 * swept of processes when the run ends. A lease is a lock on a file in one directory for the
 * whole host, whatever each server's run directory is, so that two servers on one host (or two
 * application contexts in one JVM) never share a uid: if they did, one run's end would kill the
 * other's program, and the two programs could signal each other.
 */
final class UidPool {

    /** Where every server on this host locks its uids: root's own, never a directory a user can make. */
    static final Path HOST_LOCK_DIRECTORY = Path.of("/run/ghostide-uid-locks");

    private final Path lockDirectory;

    private final int base;

    private final int count;

    private final AtomicInteger next = new AtomicInteger();

    UidPool(Path lockDirectory, int base, int count) {
        this.lockDirectory = lockDirectory;
        this.base = base;
        this.count = count;
    }

    /** The pool of a server running as root, leasing from the locks shared by the whole host. */
    static UidPool onThisHost(int base, int count) {
        return new UidPool(ownDirectory(HOST_LOCK_DIRECTORY), base, count);
    }

    /** Makes (or checks) the host's lock directory as root's own, closed to everyone else. */
    static Path ownDirectory(Path directory) {
        try {
            return RunDirectories.ownDirectory(directory, RunDirectories.OWNER_ONLY, "The uid lock directory");
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot prepare the uid lock directory " + directory + ": " + ex, ex);
        }
    }

    int base() {
        return this.base;
    }

    int count() {
        return this.count;
    }

    /** A free uid, held until the lease is closed. */
    Lease acquire() {
        int start = Math.floorMod(this.next.getAndIncrement(), this.count);
        for (int i = 0; i < this.count; i++) {
            int uid = this.base + (start + i) % this.count;
            Lease lease = tryLock(uid);
            if (lease != null) {
                return lease;
            }
        }
        throw new IllegalStateException("All " + this.count + " uids from " + this.base
                + " are in use; raise ghostide.execution.uid-count");
    }

    private @Nullable Lease tryLock(int uid) {
        Path file = this.lockDirectory.resolve("uid-" + uid + ".lock");
        if (!HeldLockFiles.claim(file)) {
            // held by another run of this JVM; opening the file here would drop that run's lock
            return null;
        }
        @Nullable FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Lease(uid, file, channel);
            }
        }
        catch (OverlappingFileLockException ex) {
            // held by another run of this JVM
        }
        catch (IOException ex) {
            closeQuietly(channel);
            HeldLockFiles.release(file);
            throw new IllegalStateException("Cannot lock a uid in " + this.lockDirectory, ex);
        }
        closeQuietly(channel);
        HeldLockFiles.release(file);
        return null;
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException ex) {
                // nothing held
            }
        }
    }

    /** A uid held by one run. */
    record Lease(int uid, Path file, FileChannel channel) implements AutoCloseable {

        @Override
        public void close() {
            closeQuietly(this.channel);
            HeldLockFiles.release(this.file);
        }
    }
}
