package io.ghostide.realtime.execution;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RunDirectoriesTests {

    /** The uid the server runs as in the tests that need one that is not root: nobody. */
    private static final int UNPRIVILEGED = 65534;

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

    /**
     * A server that is not root runs programs as its own uid; a program that closes its
     * directory to the server ({@code chmod('.', 0o300)}, a directory of mode 0 inside) still has
     * what it wrote there counted against the working directory's size, and the directory is
     * deleted with the run.
     */
    @Test
    void aNonRootServerKeepsControlOfARunDirectoryItsProgramClosed() throws Exception {
        assertThat(unprivileged("run")).contains("refused: true", "exceeded: true", "deleted: true");
    }

    /** The same leftovers of a non-root server that is gone are swept when the next one starts. */
    @Test
    void aNonRootServerSweepsTheClosedRunDirectoriesOfAServerThatIsGone() throws Exception {
        assertThat(unprivileged("sweep")).contains("refused: true", "swept: true");
    }

    // runs UnprivilegedRunDirectories as uid nobody over a base directory of its own; its lines
    private List<String> unprivileged(String scenario) throws Exception {
        Path base = this.temp.resolve("nobody-runs");
        Files.createDirectory(base);
        Files.setAttribute(base, "unix:uid", UNPRIVILEGED, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(base, "unix:gid", UNPRIVILEGED, LinkOption.NOFOLLOW_LINKS);
        // nobody passes through the test's directory to its own, and reads the classes copied there
        Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString("rwx--x--x"));
        List<String> command = new ArrayList<>();
        if (ProcessTable.currentUid() == 0) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:-UsePerfData", "-cp", readableClassPath(), UnprivilegedRunDirectories.class.getName(), scenario,
                base.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        // the proof that permissions were checked: a test as root would pass without the fix
        assertThat(lines).as(output).contains("uid: " + UNPRIVILEGED);
        return lines;
    }

    // this module's classes and the logging jar they need, copied where nobody may read them
    private String readableClassPath() throws Exception {
        Path classPath = Files.createDirectory(this.temp.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(RunDirectories.class, UnprivilegedRunDirectories.class, LogFactory.class)) {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path copy = classPath.resolve(entries.size() + "-" + source.getFileName());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, copy.resolve(source.relativize(file).toString()));
                }
            }
            entries.add(copy.toString());
        }
        try (Stream<Path> copied = Files.walk(classPath)) {
            for (Path path : (Iterable<Path>) copied::iterator) {
                Files.setPosixFilePermissions(path,
                        PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
