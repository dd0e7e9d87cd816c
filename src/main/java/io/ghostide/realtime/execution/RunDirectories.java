package io.ghostide.realtime.execution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The private working directory of each run. Every run gets a fresh directory, mode 0700 and
 * owned by the run's uid; files are created new and links are never followed, neither when
 * writing, handing over nor deleting: a link a program leaves behind cannot make the server
 * touch a file outside the directory. Each server instance makes its runs in a directory of its
 * own and holds a lock on a live file beside it while it runs, by which {@link DeadInstanceSweep}
 * tells it from one that is gone.
 */
final class RunDirectories implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(RunDirectories.class);

    private static final Set<PosixFilePermission> TRAVERSE_ONLY = PosixFilePermissions.fromString("rwx--x--x");

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    static final String INSTANCE_PREFIX = "server-";

    static final String LIVE_SUFFIX = ".live";

    private final Path instance;

    // held while this instance lives: a server killed with -9 loses it, and the next one sweeps its runs
    private final FileChannel liveChannel;

    /**
     * Makes (or checks) {@code base}, and a directory of this server instance inside it that is
     * removed again on close.
     */
    RunDirectories(Path base) {
        try {
            Path absolute = base.toAbsolutePath().normalize();
            // runs' uids may pass through to their own directory, but not list the others
            ownDirectory(absolute, TRAVERSE_ONLY, "ghostide.execution.run-directory");
            DeadInstanceSweep.sweep(absolute);
            String name = INSTANCE_PREFIX + UUID.randomUUID();
            Path live = absolute.resolve(name + LIVE_SUFFIX);
            this.liveChannel = FileChannel.open(live,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            this.liveChannel.lock();
            // never opened by a sweep of another instance in this JVM (see HeldLockFiles)
            HeldLockFiles.claim(live);
            this.instance = Files.createDirectory(absolute.resolve(name));
            Files.setPosixFilePermissions(this.instance, TRAVERSE_ONLY);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot prepare ghostide.execution.run-directory " + base + ": " + ex, ex);
        }
    }

    /**
     * Makes {@code directory} (or checks it) as the server's own, with {@code permissions}: not a
     * link, and owned by the server's uid. A directory someone else made is refused, not used.
     *
     * @param what how the directory is named in the refusal
     */
    static Path ownDirectory(Path directory, Set<PosixFilePermission> permissions, String what) throws IOException {
        if (Files.isSymbolicLink(directory)) {
            throw new IllegalStateException(what + " " + directory + " is a symbolic link, not a directory");
        }
        Files.createDirectories(directory);
        int owner = (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != ProcessTable.currentUid()) {
            throw new IllegalStateException(what + " " + directory + " belongs to uid " + owner + ", not to the server");
        }
        Files.setPosixFilePermissions(directory, permissions);
        return directory;
    }

    /** A new, empty directory for one run. */
    Path create(String executionId) throws IOException {
        Path directory = Files.createDirectory(this.instance.resolve(executionId));
        Files.setPosixFilePermissions(directory, OWNER_ONLY);
        return directory;
    }

    /** Writes a new file into a run's directory, replacing whatever a contributor left under that name. */
    static void writeFile(Path directory, String name, String content) throws IOException {
        Path file = directory.resolve(name);
        if (!file.getParent().equals(directory)) {
            throw new IOException("Not a plain file name: " + name);
        }
        Files.deleteIfExists(file);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Gives the directory and everything in it to {@code uid} (when the server runs as root). */
    static void handOver(Path directory, OptionalInt uid) throws IOException {
        if (uid.isEmpty()) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                chown(dir, uid.getAsInt());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                chown(file, uid.getAsInt());
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void chown(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Deletes a run's directory and whatever the program left in it, links as links, whatever
     * the program did to the modes in it ({@link RunDirectoryWalk}).
     */
    static void delete(Path directory) {
        try {
            BasicFileAttributes root = Files.readAttributes(directory, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (root.isDirectory()) {
                RunDirectoryWalk.walk(directory, new RunDirectoryWalk.Visitor() {

                    @Override
                    public boolean visit(Path entry, BasicFileAttributes attributes) throws IOException {
                        if (!attributes.isDirectory()) {
                            RunDirectoryWalk.delete(entry);
                        }
                        return true;
                    }

                    @Override
                    public void left(Path dir) throws IOException {
                        RunDirectoryWalk.delete(dir);
                    }
                });
            }
            else {
                // a link in its place is removed, never followed
                RunDirectoryWalk.delete(directory);
            }
        }
        catch (NoSuchFileException ex) {
            // already gone
        }
        catch (IOException ex) {
            logger.warn("Could not delete the run directory " + directory + ": " + ex);
        }
    }

    @Override
    public void close() {
        delete(this.instance);
        Path live = this.instance.resolveSibling(this.instance.getFileName() + LIVE_SUFFIX);
        try (this.liveChannel) {
            Files.deleteIfExists(live);
        }
        catch (IOException ex) {
            logger.warn("Could not remove the live file of " + this.instance + ": " + ex);
        }
        finally {
            HeldLockFiles.release(live);
        }
    }
}
