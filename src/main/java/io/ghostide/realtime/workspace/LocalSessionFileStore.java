package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The files of every session on this instance's disk, for {@code ghostide.cluster.mode=local}:
 * {@code <data-dir>/sessions/<session>/files/<name>} holds a file's bytes, {@code .../meta/<name>}
 * the language a save named explicitly. Every write goes to a temporary file in the same
 * directory, is forced to disk and renamed over the target in one atomic step, so a reader (or a
 * server restarted after a crash) sees the old content or the new one, never a part. Temporary
 * names start with a dot, which no valid file name does.
 * The limits are counted in a {@link WorkspaceQuota} that starts from what the disk holds.
 */
class LocalSessionFileStore implements SessionFileStore {

    private static final Log logger = LogFactory.getLog(LocalSessionFileStore.class);

    static final String TEMP_SUFFIX = ".tmp";

    /** Writes a file's content to the stream it is given; may fail midway. */
    @FunctionalInterface
    interface ContentWriter {

        void writeTo(OutputStream out) throws IOException;
    }

    private final Path sessionsRoot;

    private final SessionFileNames names;

    private final WorkspaceProperties properties;

    private final WorkspaceQuota quota;

    LocalSessionFileStore(WorkspaceProperties properties, SessionFileNames names) {
        this.sessionsRoot = properties.dataDir().toAbsolutePath().normalize().resolve("sessions");
        this.names = names;
        this.properties = properties;
        // directories are created by the first save, so a server that never stores a file leaves no trace
        if (Files.isDirectory(this.sessionsRoot)) {
            sweepTemporaryFiles();
            sweepEmptySessions();
        }
        try {
            this.quota = new WorkspaceQuota(properties, storedBytesBySession());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot read what ghostide.workspace.data-dir " + this.sessionsRoot
                    + " holds: " + ex, ex);
        }
    }

    /** Where the files are and how much they hold, for the start-up log. */
    String describe() {
        return "Session files are stored under " + this.sessionsRoot + "; " + this.quota.sessionCount()
                + " session(s) hold " + this.quota.totalBytes() + " bytes";
    }

    /** Callers hold the session's write lock, so the count, the quota and the write are one step here. */
    @Override
    public boolean save(String sessionId, String fileName, byte[] content, @Nullable String language, Instant savedAt)
            throws IOException {
        Optional<SessionFile> existing = find(sessionId, fileName);
        boolean created = existing.isEmpty();
        if (created && count(sessionId) >= this.properties.maxFilesPerSession()) {
            throw WorkspaceQuota.tooManyFiles(this.properties, sessionId);
        }
        long oldSize = existing.map(SessionFile::size).orElse(0L);
        this.quota.admit(sessionId, oldSize, content.length);
        try {
            write(sessionId, fileName, content, language, savedAt);
        }
        catch (IOException | RuntimeException ex) {
            this.quota.release(sessionId, oldSize, content.length, count(sessionId) == 0);
            throw ex;
        }
        return created;
    }

    Path filesDir(String sessionId) {
        return this.sessionsRoot.resolve(sessionId).resolve("files");
    }

    private Path metaDir(String sessionId) {
        return this.sessionsRoot.resolve(sessionId).resolve("meta");
    }

    Path pathOf(String sessionId, String fileName) {
        Path dir = filesDir(sessionId);
        Path path = dir.resolve(fileName).normalize();
        // names are validated before they get here; this guards the guard
        if (!dir.equals(path.getParent())) {
            throw new IllegalArgumentException("File name escapes the session directory: " + fileName);
        }
        return path;
    }

    boolean exists(String sessionId, String fileName) {
        return Files.isRegularFile(pathOf(sessionId, fileName), LinkOption.NOFOLLOW_LINKS);
    }

    /** Stores {@code content} as the file, and {@code language} (or none) as its explicit language. */
    void write(String sessionId, String fileName, byte[] content, @Nullable String language, Instant savedAt)
            throws IOException {
        Path target = pathOf(sessionId, fileName);
        writeAtomically(target, out -> out.write(content), savedAt);
        Path meta = metaDir(sessionId).resolve(fileName);
        if (language != null) {
            writeAtomically(meta, out -> out.write(language.getBytes(StandardCharsets.UTF_8)), savedAt);
        }
        else {
            Files.deleteIfExists(meta);
        }
    }

    /**
     * Replaces {@code target} with what {@code writer} writes, all or nothing: on any failure the
     * temporary file is removed and {@code target} keeps its previous content.
     */
    void writeAtomically(Path target, ContentWriter writer, Instant savedAt) throws IOException {
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new IOException("Cannot create " + dir + "; ghostide.workspace.data-dir must name a writable directory",
                    ex);
        }
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.setLastModifiedTime(temp, FileTime.from(savedAt));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            forceDirectory(dir);
        }
        finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public Optional<SessionFile> find(String sessionId, String fileName) throws IOException {
        Path path = pathOf(sessionId, fileName);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(new SessionFile(SessionFile.fileId(sessionId, fileName), fileName,
                language(sessionId, fileName), attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    @Override
    public Optional<Content> read(String sessionId, String fileName) throws IOException {
        Optional<SessionFile> file = find(sessionId, fileName);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return readBytes(sessionId, fileName).map(bytes -> new Content(file.get(), bytes));
    }

    Optional<byte[]> readBytes(String sessionId, String fileName) throws IOException {
        try (InputStream in = Files.newInputStream(pathOf(sessionId, fileName), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(in.readAllBytes());
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
    }

    /** The session's files, by name; temporary files and anything that is not a plain file are left out. */
    @Override
    public List<SessionFile> list(String sessionId) throws IOException {
        List<SessionFile> files = new ArrayList<>();
        for (String name : storedNames(sessionId)) {
            find(sessionId, name).ifPresent(files::add);
        }
        files.sort(Comparator.comparing(SessionFile::fileName));
        return files;
    }

    List<String> storedNames(String sessionId) throws IOException {
        Path dir = filesDir(sessionId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (this.names.problemWith(name) == null && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** Bytes of every session that holds files, by session id; what the quotas start from. */
    java.util.Map<String, Long> storedBytesBySession() throws IOException {
        java.util.Map<String, Long> usage = new java.util.HashMap<>();
        if (!Files.isDirectory(this.sessionsRoot, LinkOption.NOFOLLOW_LINKS)) {
            return usage;
        }
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(this.sessionsRoot)) {
            for (Path session : sessions) {
                String sessionId = session.getFileName().toString();
                List<SessionFile> files = list(sessionId);
                if (!files.isEmpty()) {
                    usage.put(sessionId, files.stream().mapToLong(SessionFile::size).sum());
                }
            }
        }
        return usage;
    }

    int count(String sessionId) throws IOException {
        return storedNames(sessionId).size();
    }

    @Override
    public boolean delete(String sessionId, String fileName) throws IOException {
        Optional<SessionFile> existing = find(sessionId, fileName);
        boolean deleted = Files.deleteIfExists(pathOf(sessionId, fileName));
        Files.deleteIfExists(metaDir(sessionId).resolve(fileName));
        if (deleted) {
            forceDirectory(filesDir(sessionId));
        }
        removeIfEmpty(sessionId);
        if (deleted) {
            this.quota.removed(sessionId, existing.map(SessionFile::size).orElse(0L), count(sessionId) == 0);
        }
        return deleted;
    }

    /**
     * Removes the session's directories when it holds no file any more, so sessions that were
     * only touched leave nothing behind. Callers hold the session's write lock.
     */
    void removeIfEmpty(String sessionId) throws IOException {
        Path session = this.sessionsRoot.resolve(sessionId);
        try {
            for (Path dir : List.of(filesDir(sessionId), metaDir(sessionId), session)) {
                Files.deleteIfExists(dir);
            }
        }
        catch (DirectoryNotEmptyException ex) {
            // the session still holds files (or a file's language): it stays
        }
    }

    private String language(String sessionId, String fileName) throws IOException {
        try {
            String stored = Files.readString(metaDir(sessionId).resolve(fileName), StandardCharsets.UTF_8).trim();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        catch (NoSuchFileException ex) {
            // no explicit language was saved: guess below
        }
        return FileLanguages.guess(fileName);
    }

    // a crash between creating a temporary file and renaming it leaves the temporary file behind
    private void sweepTemporaryFiles() {
        try (Stream<Path> paths = Files.find(this.sessionsRoot, 3, (path, attributes) -> attributes.isRegularFile()
                && path.getFileName().toString().startsWith(".") && path.getFileName().toString().endsWith(TEMP_SUFFIX))) {
            paths.forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                    logger.info("Removed " + path + ", left by an interrupted write");
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException | UncheckedIOException ex) {
            logger.warn("Could not sweep temporary files under " + this.sessionsRoot + ": " + ex);
        }
    }

    // sessions emptied by a server from before empty ones were removed
    private void sweepEmptySessions() {
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(this.sessionsRoot)) {
            for (Path session : sessions) {
                if (Files.isDirectory(session, LinkOption.NOFOLLOW_LINKS)) {
                    removeIfEmpty(session.getFileName().toString());
                }
            }
        }
        catch (IOException ex) {
            logger.warn("Could not sweep empty sessions under " + this.sessionsRoot + ": " + ex);
        }
    }

    // makes the rename itself durable; not every file system lets a directory be opened for this
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            if (logger.isDebugEnabled()) {
                logger.debug("Could not force directory " + dir + ": " + ex);
            }
        }
    }

    /** Copies the session's files into {@code workDir}, never following a link on either side. */
    @Override
    public void copyInto(String sessionId, Path workDir) throws IOException {
        for (String name : storedNames(sessionId)) {
            Path source = pathOf(sessionId, name);
            try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
                    OutputStream out = Files.newOutputStream(workDir.resolve(name), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
            catch (NoSuchFileException ex) {
                // deleted between listing and copying: the run simply doesn't see it
            }
            catch (FileAlreadyExistsException ex) {
                throw new IOException("The run directory already holds " + name + "; it must be empty", ex);
            }
        }
    }
}
