package io.ghostide.realtime.execution;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RunDirectoriesTests {

    @TempDir
    Path temp;

    @Test
    void writingAFileReplacesALinkInsteadOfFollowingIt() throws Exception {
        Path outside = Files.writeString(this.temp.resolve("outside.txt"), "untouched");
        try (RunDirectories directories = new RunDirectories(this.temp.resolve("runs"))) {
            Path run = directories.create("link-write");
            Files.createSymbolicLink(run.resolve("main.py"), outside);
            RunDirectories.writeFile(run, "main.py", "print(1)");
            assertThat(Files.isSymbolicLink(run.resolve("main.py"))).isFalse();
            assertThat(Files.readString(run.resolve("main.py"))).isEqualTo("print(1)");
            assertThat(Files.readString(outside)).isEqualTo("untouched");
        }
    }

    @Test
    void deletingARunLeavesWhatItsLinksPointAt() throws Exception {
        Path outsideDirectory = Files.createDirectory(this.temp.resolve("outside"));
        Path outsideFile = Files.writeString(outsideDirectory.resolve("keep.txt"), "keep");
        try (RunDirectories directories = new RunDirectories(this.temp.resolve("runs"))) {
            Path run = directories.create("link-delete");
            Files.createSymbolicLink(run.resolve("dir-link"), outsideDirectory);
            Files.createSymbolicLink(run.resolve("file-link"), outsideFile);
            Path locked = Files.createDirectory(run.resolve("locked"));
            Files.writeString(locked.resolve("inside"), "x");
            locked.toFile().setWritable(false);
            RunDirectories.delete(run);
            assertThat(run).doesNotExist();
            assertThat(outsideFile).hasContent("keep");
        }
    }

    @Test
    void aRunDirectoryIsPrivate() throws Exception {
        try (RunDirectories directories = new RunDirectories(this.temp.resolve("runs"))) {
            Path run = directories.create("private");
            assertThat(Files.getPosixFilePermissions(run))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }
}
