package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SessionFileStore} does, whatever holds the files: run against the local
 * store and the Redis one. The limits are small: 3 files and 100 bytes per session, 250 bytes
 * and 3 sessions in all. One session's saves are serialized by the service on an instance, so
 * what runs at once here is saves of different sessions; the cluster test races one session's
 * saves on two instances.
 */
abstract class SessionFileStoreContractTests {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    /** A new store (an empty one) with these limits. */
    protected abstract SessionFileStore createStore(WorkspaceProperties properties);

    protected void closeStores() {
    }

    @AfterEach
    void close() {
        closeStores();
    }

    private SessionFileStore store() {
        return createStore(new WorkspaceProperties(this.dataDir, DataSize.ofBytes(100), 128, 3, DataSize.ofBytes(100),
                DataSize.ofBytes(250), 3));
    }

    @Test
    void aSaveStoresTheWholeFileForEveryLookup() throws IOException {
        SessionFileStore store = store();
        assertThat(store.save("s1", "main.py", bytes("print(1)\n"), null, NOW)).isTrue();
        assertThat(store.save("s1", "notes.txt", bytes(""), "markdown", NOW)).isTrue();
        assertThat(store.save("s1", "main.py", bytes("print(2)\n# more\n"), null, NOW.plusSeconds(1))).isFalse();

        SessionFile main = store.find("s1", "main.py").orElseThrow();
        assertThat(main).isEqualTo(new SessionFile(SessionFile.fileId("s1", "main.py"), "main.py", "python", 16,
                NOW.plusSeconds(1)));
        SessionFileStore.Content content = store.read("s1", "main.py").orElseThrow();
        assertThat(content.file()).isEqualTo(main);
        assertThat(new String(content.bytes(), StandardCharsets.UTF_8)).isEqualTo("print(2)\n# more\n");
        assertThat(store.list("s1")).extracting(SessionFile::fileName).containsExactly("main.py", "notes.txt");
        assertThat(store.find("s1", "notes.txt").orElseThrow().language()).isEqualTo("markdown");
        assertThat(store.read("s1", "notes.txt").orElseThrow().bytes()).isEmpty();
        assertThat(store.find("s1", "other.py")).isEmpty();
        assertThat(store.read("s2", "main.py")).isEmpty();
        assertThat(store.list("s2")).isEmpty();
    }

    @Test
    void deleteFreesTheRoomOfOneFile() throws IOException {
        SessionFileStore store = store();
        store.save("s1", "a.txt", bytes("x".repeat(60)), null, NOW);
        store.save("s1", "b.txt", bytes("y".repeat(40)), null, NOW);
        assertThat(store.delete("s1", "a.txt")).isTrue();
        assertThat(store.delete("s1", "a.txt")).isFalse();
        assertThat(store.find("s1", "a.txt")).isEmpty();
        assertThat(store.list("s1")).extracting(SessionFile::fileName).containsExactly("b.txt");
        assertThat(store.save("s1", "c.txt", bytes("z".repeat(60)), null, NOW)).isTrue();
    }

    @Test
    void everyLimitRefusesWithoutLosingWhatIsStored() throws IOException {
        SessionFileStore store = store();
        store.save("s1", "a.txt", bytes("a".repeat(80)), null, NOW);
        assertRefused(() -> store.save("s1", "b.txt", bytes("b".repeat(30)), null, NOW), HttpStatus.CONTENT_TOO_LARGE,
                "max-bytes-per-session");
        assertRefused(() -> store.save("s1", "a.txt", bytes("a".repeat(101)), null, NOW), HttpStatus.CONTENT_TOO_LARGE,
                "max-bytes-per-session");
        store.save("s1", "b.txt", bytes(""), null, NOW);
        store.save("s1", "c.txt", bytes(""), null, NOW);
        assertRefused(() -> store.save("s1", "d.txt", bytes(""), null, NOW), HttpStatus.CONTENT_TOO_LARGE,
                "max-files-per-session");
        // replacing a file is not a new file
        assertThat(store.save("s1", "c.txt", bytes("c"), null, NOW)).isFalse();

        store.save("s2", "a.txt", bytes("a".repeat(100)), null, NOW);
        // 181 of 250 bytes are held
        assertRefused(() -> store.save("s3", "a.txt", bytes("a".repeat(70)), null, NOW), HttpStatus.INSUFFICIENT_STORAGE,
                "max-total-bytes");
        store.save("s3", "a.txt", bytes("a".repeat(69)), null, NOW);
        assertRefused(() -> store.save("s4", "a.txt", bytes(""), null, NOW), HttpStatus.INSUFFICIENT_STORAGE,
                "max-sessions");
        // a session that empties no longer counts
        store.delete("s3", "a.txt");
        assertThat(store.save("s4", "a.txt", bytes("a"), null, NOW)).isTrue();

        assertThat(new String(store.read("s1", "a.txt").orElseThrow().bytes(), StandardCharsets.UTF_8))
                .isEqualTo("a".repeat(80));
        assertThat(store.list("s1")).hasSize(3);
    }

    /** Saves of two sessions at once, each of which fits alone: the store's total admits only one. */
    @Test
    void savesAtOnceCannotBothPassALimit() throws Exception {
        SessionFileStore store = store();
        store.save("held", "a.txt", bytes("h".repeat(100)), null, NOW);
        for (int round = 0; round < 20; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Boolean>> saves = new ArrayList<>();
            for (String session : List.of("race-a", "race-b")) {
                saves.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        store.save(session, "f.txt", bytes("x".repeat(80)), null, NOW);
                        return true;
                    }
                    catch (SessionFileException ex) {
                        assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
                        return false;
                    }
                    catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }));
            }
            List<Boolean> outcomes = saves.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes).as("round " + round).containsExactlyInAnyOrder(true, false);
            String winner = outcomes.get(0) ? "race-a" : "race-b";
            assertThat(store.list(outcomes.get(0) ? "race-b" : "race-a")).isEmpty();
            assertThat(store.delete(winner, "f.txt")).isTrue();
        }
    }

    @Test
    void aRunGetsItsSessionsFilesAlone() throws IOException {
        SessionFileStore store = storeWithFilesOfTwoSessions();
        store.copyInto("s1", this.workDir);
        assertThat(LocalSessionFileStoreTests.filesIn(this.workDir)).containsExactly("data.txt", "util.py");
        assertThat(Files.readString(this.workDir.resolve("util.py"))).isEqualTo("X = 1\n");
    }

    @Test
    void copyingIntoARunNeverWritesThroughALink() throws IOException {
        SessionFileStore store = storeWithFilesOfTwoSessions();
        Path other = Files.createTempDirectory(this.dataDir, "run-");
        Path victim = Files.writeString(this.dataDir.resolve("victim.txt"), "untouched");
        Files.createSymbolicLink(other.resolve("util.py"), victim);
        assertThatThrownBy(() -> store.copyInto("s1", other)).isInstanceOf(IOException.class);
        assertThat(Files.readString(victim)).isEqualTo("untouched");
    }

    /** A store holding {@code util.py} and {@code data.txt} in {@code s1}, and a file of another session. */
    private SessionFileStore storeWithFilesOfTwoSessions() throws IOException {
        SessionFileStore store = store();
        store.save("s1", "util.py", bytes("X = 1\n"), null, NOW);
        store.save("s1", "data.txt", bytes("42\n"), null, NOW);
        store.save("other", "secret.py", bytes("no"), null, NOW);
        return store;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable save, HttpStatus status,
            String property) {
        assertThatThrownBy(save).isInstanceOfSatisfying(SessionFileException.class, ex -> {
            assertThat(ex.getStatusCode()).isEqualTo(status);
            assertThat(ex.detail()).contains(property);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
