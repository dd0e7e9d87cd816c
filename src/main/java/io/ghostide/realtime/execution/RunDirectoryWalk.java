package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a run's directory whatever the program did to the modes in it. When the server is not
 * root the program runs as the server's own uid, so it may take the server's rights away from any
 * directory of its run ({@code os.chmod('.', 0o300)}); the JDK's {@code Files.walkFileTree} opens
 * a directory before its visitor sees it, so such a directory was reported as failed, and what
 * the program wrote inside went uncounted by the work-directory watch and undeleted, run after
 * run and restart after restart. Here a directory the server is refused (listing it, looking at
 * or deleting an entry) is given back its owner's {@code rwx} and tried once more: the server owns
 * it, as the program has the server's uid. Root is never refused, so as root no mode changes.
 * <p>
 * Links are never followed: entries are looked at with {@code NOFOLLOW_LINKS} and only
 * directories are entered. The chmod itself goes by path (the JDK can change the mode of a
 * directory it cannot open only that way), so it is made only on what was just seen to be a
 * directory, and adds only the owner's bits.
 */
final class RunDirectoryWalk {

    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private RunDirectoryWalk() {
    }

    /** What a walk does with each entry. */
    interface Visitor {

        /** An entry below the walk's root, its attributes read without following a link; false ends the walk. */
        boolean visit(Path entry, BasicFileAttributes attributes) throws IOException;

        /** Called once every entry of {@code directory} (the root too) has been visited. */
        default void left(Path directory) throws IOException {
        }
    }

    /** Something done in a directory, which the server may be refused until it gives itself its rights back. */
    @FunctionalInterface
    interface InDirectory<T> {

        T run() throws IOException;
    }

    /**
     * Walks {@code directory} depth first: each entry, then (for a directory) what is in it, then
     * {@link Visitor#left}. Entries removed meanwhile are skipped.
     *
     * @return false if the visitor ended the walk
     * @throws AccessDeniedException if a directory stays closed to the server even after its rights were given back
     */
    static boolean walk(Path directory, Visitor visitor) throws IOException {
        for (Path entry : entries(directory)) {
            BasicFileAttributes attributes;
            try {
                // looking at an entry needs search (x) on its directory, which listing does not
                attributes = withRights(directory,
                        () -> Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            }
            catch (NoSuchFileException ex) {
                // removed while walking: not there to count or delete
                continue;
            }
            if (!visitor.visit(entry, attributes)) {
                return false;
            }
            if (attributes.isDirectory() && !walk(entry, visitor)) {
                return false;
            }
        }
        visitor.left(directory);
        return true;
    }

    /** Deletes {@code entry} (a file, a link or an empty directory), if there. */
    static void delete(Path entry) throws IOException {
        Path parent = entry.getParent();
        if (parent == null) {
            throw new IOException("Not deleting a file system root: " + entry);
        }
        withRights(parent, () -> Files.deleteIfExists(entry));
    }

    /** Runs {@code action} in {@code directory}; if refused, gives the server its rights on the directory back and runs it again. */
    static <T> T withRights(Path directory, InDirectory<T> action) throws IOException {
        try {
            return action.run();
        }
        catch (AccessDeniedException ex) {
            if (!giveRightsBack(directory)) {
                throw ex;
            }
            return action.run();
        }
    }

    // what is in a directory; nothing if it is gone or was swapped for something else meanwhile
    private static List<Path> entries(Path directory) throws IOException {
        try {
            return withRights(directory, () -> {
                List<Path> entries = new ArrayList<>();
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                    stream.forEach(entries::add);
                }
                return entries;
            });
        }
        catch (NoSuchFileException | NotDirectoryException ex) {
            return List.of();
        }
    }

    // false when it is not a directory (a link is never followed) or already had the owner's rights
    private static boolean giveRightsBack(Path directory) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || attributes.permissions().containsAll(OWNER_RWX)) {
            return false;
        }
        Set<PosixFilePermission> permissions = EnumSet.copyOf(OWNER_RWX);
        permissions.addAll(attributes.permissions());
        Files.setPosixFilePermissions(directory, permissions);
        return true;
    }
}
