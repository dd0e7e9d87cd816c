package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.ghostide.realtime.system.InvalidSessionIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionFilesRunDirectoryContributorTests {

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    private LocalSessionFileStore store;

    private SessionFilesRunDirectoryContributor contributor;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        this.store = LocalSessionFileStoreTests.store(this.dataDir);
        this.contributor = new SessionFilesRunDirectoryContributor(this.store, NO_OPEN_DOCUMENTS);
    }

    // the store alone: no file is open as a shared document (DocumentEditingEndToEndTests covers those)
    private static final SessionDocuments NO_OPEN_DOCUMENTS = new SessionDocuments() {
        @Override
        public void flush(String sessionId, @org.jspecify.annotations.Nullable String fileName) {
        }

        @Override
        public <T> T replace(String sessionId, String fileName, String text, String user, StoreWrite<T> write)
                throws IOException {
            return write.run();
        }

        @Override
        public boolean delete(String sessionId, String fileName, String user, StoreWrite<Boolean> delete)
                throws IOException {
            return delete.run();
        }
    };

    @Test
    void theRunSeesTheSessionsSavedFiles() throws IOException {
        write("s1", "util.py", "def add(a, b):\n    return a + b\n");
        write("s1", "data.txt", "42\n");
        write("other", "secret.py", "nope");
        this.contributor.contribute("s1", this.workDir);
        assertThat(LocalSessionFileStoreTests.filesIn(this.workDir)).containsExactly("data.txt", "util.py");
        assertThat(Files.readString(this.workDir.resolve("util.py"))).isEqualTo("def add(a, b):\n    return a + b\n");
        assertThat(Files.isSymbolicLink(this.workDir.resolve("util.py"))).isFalse();
    }

    @Test
    void onlyRegularSavedFilesReachTheRunDirectory() throws IOException {
        write("s1", "main.py", "import util\n");
        Path outside = Files.writeString(this.dataDir.resolve("host-secret.txt"), "host secret");
        Path dir = this.store.filesDir("s1");
        Files.createSymbolicLink(dir.resolve("util.py"), outside);
        Files.writeString(dir.resolve(".main.py.1.tmp"), "debris");
        this.contributor.contribute("s1", this.workDir);
        assertThat(LocalSessionFileStoreTests.filesIn(this.workDir)).containsExactly("main.py");
    }

    @Test
    void aLinkPlantedInTheRunDirectoryIsNotWrittenThrough() throws IOException {
        write("s1", "main.py", "print(1)\n");
        Path victim = Files.writeString(this.dataDir.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(this.workDir.resolve("main.py"), victim);
        assertThatThrownBy(() -> this.contributor.contribute("s1", this.workDir)).isInstanceOf(IOException.class);
        assertThat(Files.readString(victim)).isEqualTo("untouched");
    }

    @Test
    void aSessionWithoutFilesContributesNothing() throws IOException {
        this.contributor.contribute("empty", this.workDir);
        assertThat(LocalSessionFileStoreTests.filesIn(this.workDir)).isEmpty();
        assertThatThrownBy(() -> this.contributor.contribute("../s1", this.workDir))
                .isInstanceOf(InvalidSessionIdException.class);
    }

    private void write(String sessionId, String name, String content) throws IOException {
        this.store.write(sessionId, name, content.getBytes(StandardCharsets.UTF_8), null, Instant.now());
    }
}
