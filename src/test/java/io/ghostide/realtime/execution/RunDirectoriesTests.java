package io.ghostide.realtime.execution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    @Test
    void aSecondInstanceInTheSameProcessLeavesTheFirstOnesLiveLockHeldForOtherProcesses() throws Exception {
        Path base = this.temp.resolve("runs");
        try (RunDirectories first = new RunDirectories(base)) {
            Path run = first.create("kept");
            // the second instance sweeps; it must not open (and by closing, unlock) the first's live file
            try (RunDirectories second = new RunDirectories(base); Stream<Path> entries = Files.list(base)) {
                List<Path> liveFiles = entries.filter(p -> p.getFileName().toString().endsWith(".live")).toList();
                assertThat(liveFiles).hasSize(2);
                for (Path file : liveFiles) {
                    // another process (as another server's sweep would be) finds every live file locked
                    Process probe = new ProcessBuilder("/usr/bin/python3", "-c",
                            "import fcntl, sys\nf = open(sys.argv[1], 'r+')\n"
                                    + "try:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(3)",
                            file.toString()).start();
                    assertThat(probe.waitFor()).as("%s is locked for another process", file).isEqualTo(3);
                }
            }
            assertThat(run).isDirectory();
        }
    }
}
