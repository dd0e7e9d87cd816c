package io.ghostide.realtime.execution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bubblewrap: every namespace unshared (no network at all, own pids, ipc, uts and user), a root
 * file system that holds only a read-only {@code /usr}, a private {@code /tmp}, a read-only
 * {@code /dev} with the usual device nodes and a small private {@code /dev/shm}, a fresh
 * {@code /proc}, and the run's directory; a new session, so it cannot reach the server's
 * terminal; and it dies with its parent. Every writable file system inside has a size, so a run
 * cannot fill the host's memory through one.
 */
final class BubblewrapLayer implements IsolationLayer {

    static final String WORKSPACE = "/workspace";

    // the top-level names that are links into /usr on a merged-/usr system, or real directories on others
    private static final List<String> SYSTEM_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    private static final List<String> OPTIONAL_SYSTEM_FILES = List.of("/etc/ld.so.cache", "/etc/alternatives",
            "/etc/localtime");

    private final Path bwrap;

    private final long tmpSize;

    private final long shmSize;

    private final List<Path> readOnlyPaths;

    BubblewrapLayer(Path bwrap, long tmpSize, long shmSize, List<Path> readOnlyPaths) {
        this.bwrap = bwrap;
        this.tmpSize = tmpSize;
        this.shmSize = shmSize;
        this.readOnlyPaths = List.copyOf(readOnlyPaths);
    }

    @Override
    public String name() {
        return "bwrap";
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public List<String> guarantees() {
        return List.of("no network: a network namespace with no interface up",
                "own pid, ipc, uts and user namespaces; a new session (no controlling terminal)",
                "read-only /usr; no other host file is visible except " + this.readOnlyPaths,
                "private /tmp (" + this.tmpSize / (1024 * 1024) + " MiB) and a private working directory " + WORKSPACE,
                "read-only /dev with null, zero, full, random, urandom and tty; private /dev/shm ("
                        + this.shmSize / (1024 * 1024) + " MiB)",
                "a clean environment", "killed when the server dies (--die-with-parent)");
    }

    @Override
    public String workDirectoryInside(Path workDirectory) {
        return WORKSPACE;
    }

    @Override
    public List<String> wrap(Path workDirectory, Map<String, String> environment, List<String> command) {
        List<String> line = new ArrayList<>(64);
        line.add(this.bwrap.toString());
        line.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--hostname", "sandbox"));
        line.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String name : SYSTEM_LINKS) {
            Path path = Path.of(name);
            if (Files.isSymbolicLink(path)) {
                try {
                    line.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), name));
                }
                catch (java.io.IOException ex) {
                    // unreadable link: leave it out, as a missing one
                }
            }
            else if (Files.isDirectory(path)) {
                line.addAll(List.of("--ro-bind", name, name));
            }
        }
        for (String name : OPTIONAL_SYSTEM_FILES) {
            line.addAll(List.of("--ro-bind-try", name, name));
        }
        for (Path path : this.readOnlyPaths) {
            line.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        // bwrap's /dev is a tmpfs of half the host's memory: only /dev/shm stays writable, with a size
        line.addAll(List.of("--dev", "/dev", "--size", Long.toString(this.shmSize), "--tmpfs", "/dev/shm",
                "--remount-ro", "/dev", "--proc", "/proc"));
        line.addAll(List.of("--size", Long.toString(this.tmpSize), "--tmpfs", "/tmp"));
        line.addAll(List.of("--bind", workDirectory.toString(), WORKSPACE, "--chdir", WORKSPACE));
        // the root bwrap builds is a tmpfs of its own: read-only, or a program could fill memory through it
        line.addAll(List.of("--remount-ro", "/"));
        line.add("--clearenv");
        environment.forEach((name, value) -> line.addAll(List.of("--setenv", name, value)));
        line.add("--");
        line.addAll(command);
        return line;
    }
}
