package io.ghostide.realtime.workspace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSessionFileStoreTests {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dataDir;

    private LocalSessionFileStore store() {
        return store(this.dataDir);
    }

    /** A store under {@code dataDir} with the default limits. */
    static LocalSessionFileStore store(Path dataDir) {
        return new LocalSessionFileStore(new WorkspaceProperties(dataDir, DataSize.ofMegabytes(1), 128, 200,
                DataSize.ofMegabytes(16), DataSize.ofGigabytes(1), 10000), new SessionFileNames(128));
    }

    @Test
    void writtenFileReadsBackWithItsMetadata() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "main.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8), null, NOW);
        assertThat(store.readBytes("s1", "main.py")).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("print('hi')\n"));
        SessionFile file = store.find("s1", "main.py").orElseThrow();
        assertThat(file.language()).isEqualTo("python");
        assertThat(file.size()).isEqualTo(12);
        assertThat(file.savedAt()).isEqualTo(NOW);
        assertThat(file.fileId()).isEqualTo(SessionFile.fileId("s1", "main.py"))
                .isNotEqualTo(SessionFile.fileId("s2", "main.py"));
        assertThat(this.dataDir.resolve("sessions/s1/files/main.py")).exists();
    }

    @Test
    void touchedSessionsLeaveNoDirectoriesBehind() throws IOException {
        LocalSessionFileStore store = store();
        for (int i = 0; i < 200; i++) {
            store.write("touched-" + i, "a.py", new byte[] { 'x' }, i % 2 == 0 ? "python" : null, NOW);
            store.delete("touched-" + i, "a.py");
        }
        store.write("kept", "a.py", new byte[] { 'x' }, "python", NOW);
        store.write("kept", "b.py", new byte[] { 'x' }, null, NOW);
        store.delete("kept", "b.py");
        try (Stream<Path> sessions = Files.list(this.dataDir.resolve("sessions"))) {
            assertThat(sessions.map(path -> path.getFileName().toString())).containsExactly("kept");
        }
        assertThat(store.readBytes("kept", "a.py")).isPresent();

        // a data directory from before: empty session directories are swept at start-up
        Files.createDirectories(this.dataDir.resolve("sessions/old/files"));
        Files.createDirectories(this.dataDir.resolve("sessions/old/meta"));
        store();
        assertThat(this.dataDir.resolve("sessions/old")).doesNotExist();
        assertThat(this.dataDir.resolve("sessions/kept/files/a.py")).exists();
    }

    @Test
    void explicitLanguageIsKeptUntilASaveWithoutOne() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "notes.txt", new byte[0], "python", NOW);
        assertThat(store.find("s1", "notes.txt").orElseThrow().language()).isEqualTo("python");
        store.write("s1", "notes.txt", new byte[0], null, NOW);
        assertThat(store.find("s1", "notes.txt").orElseThrow().language()).isEqualTo("plaintext");
    }

    @Test
    void overwriteReplacesTheContent() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "a.js", "old old old".getBytes(StandardCharsets.UTF_8), null, NOW);
        store.write("s1", "a.js", "new".getBytes(StandardCharsets.UTF_8), null, NOW.plusSeconds(1));
        assertThat(new String(store.readBytes("s1", "a.js").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("new");
        assertThat(store.find("s1", "a.js").orElseThrow().savedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(store.list("s1")).hasSize(1);
    }

    @Test
    void deleteRemovesTheFileWithItsMetadata() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "a.txt", "x".getBytes(StandardCharsets.UTF_8), "markdown", NOW);
        assertThat(store.delete("s1", "a.txt")).isTrue();
        assertThat(store.find("s1", "a.txt")).isEmpty();
        assertThat(store.readBytes("s1", "a.txt")).isEmpty();
        assertThat(store.delete("s1", "a.txt")).isFalse();
        assertThat(this.dataDir.resolve("sessions/s1/meta/a.txt")).doesNotExist();
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheDirectoryAsItWas() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "main.py", "x = 1\n".getBytes(StandardCharsets.UTF_8), null, NOW);
        Path target = store.pathOf("s1", "main.py");
        assertThatThrownBy(() -> store.writeAtomically(target, out -> {
            out.write("y = 2 # half of a new vers".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("No space left on device");
        }, NOW)).isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThat(Files.readString(target)).isEqualTo("x = 1\n");
        assertThat(filesIn(store.filesDir("s1"))).containsExactly("main.py");
    }

    @Test
    void aKilledWriterLeavesTheOldFileWhole() throws Exception {
        LocalSessionFileStore store = storeWithAWriterKilledHalfway();
        assertThat(Files.readString(store.pathOf("s1", "big.txt"))).isEqualTo("the old content\n");
        assertThat(store.list("s1")).extracting(SessionFile::fileName).containsExactly("big.txt");
        assertThat(store.list("s1").get(0).size()).isEqualTo(16);
    }

    @Test
    void theDebrisOfAKilledWriterIsSweptAtStartup() throws Exception {
        LocalSessionFileStore store = storeWithAWriterKilledHalfway();
        assertThat(filesIn(store.filesDir("s1"))).contains("big.txt").anyMatch(name -> name.startsWith(".big.txt.") && name.endsWith(".tmp"));

        store();
        assertThat(filesIn(store.filesDir("s1"))).containsExactly("big.txt");
    }

    /** A store holding {@code s1/big.txt}, whose replacement's writer process was killed halfway through. */
    private LocalSessionFileStore storeWithAWriterKilledHalfway() throws Exception {
        LocalSessionFileStore store = store();
        store.write("s1", "big.txt", "the old content\n".getBytes(StandardCharsets.UTF_8), null, NOW);
        Process writer = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HalfWriter.class.getName(), this.dataDir.toString(),
                "s1", "big.txt")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo(HalfWriter.HALFWAY);
        }
        finally {
            // the way a crash or an OOM kill ends a process: no finally blocks, no cleanup; and a
            // writer that never got halfway is not left waiting forever
            writer.destroyForcibly();
        }
        assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return store;
    }

    @Test
    void listingShowsOnlyPlainFilesWithValidNames() throws IOException {
        LocalSessionFileStore store = store();
        store.write("s1", "b.py", new byte[0], null, NOW);
        store.write("s1", "a.py", new byte[0], null, NOW);
        Path dir = store.filesDir("s1");
        Files.writeString(dir.resolve(".a.py.123.tmp"), "debris");
        Files.createSymbolicLink(dir.resolve("link.py"), this.dataDir.resolve("outside.py"));
        Files.createDirectory(dir.resolve("subdir"));
        assertThat(store.list("s1")).extracting(SessionFile::fileName).containsExactly("a.py", "b.py");
        assertThat(store.list("nobody")).isEmpty();
        assertThat(store.count("s1")).isEqualTo(2);
    }

    @Test
    void nothingIsCreatedUntilTheFirstSave() throws IOException {
        LocalSessionFileStore store = store();
        assertThat(store.list("s1")).isEmpty();
        assertThat(this.dataDir.resolve("sessions")).doesNotExist();
    }

    @Test
    void aNameThatEscapesTheDirectoryIsRefusedEvenUnvalidated() {
        LocalSessionFileStore store = store();
        assertThatThrownBy(() -> store.pathOf("s1", "../s2/files/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.pathOf("s1", "/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
