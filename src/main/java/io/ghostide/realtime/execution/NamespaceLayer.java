package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fallback when bubblewrap is missing: {@code unshare} gives the run its own user, network,
 * pid, mount, ipc and uts namespaces; a small shell step mounts a private {@code /tmp} and hides
 * the homes and the server's directories under empty file systems, then drops every capability
 * (so the program cannot unmount them) before it starts the program. The rest of the host's
 * files stay visible, with the permissions of the run's uid: with the server running as root
 * that is an unprivileged uid of its own; otherwise it is the server's uid, so files the server
 * may write and does not hide here, the program may write too.
 */
final class NamespaceLayer implements IsolationLayer {

    private final Path unshare;

    private final Path setsid;

    private final Path setpriv;

    private final Path shell;

    private final long tmpSize;

    private final long shmSize;

    private final List<Path> hidden;

    NamespaceLayer(Path unshare, Path setsid, Path setpriv, Path shell, long tmpSize, long shmSize, List<Path> hidden) {
        this.unshare = unshare;
        this.setsid = setsid;
        this.setpriv = setpriv;
        this.shell = shell;
        this.tmpSize = tmpSize;
        this.shmSize = shmSize;
        this.hidden = List.copyOf(hidden);
    }

    /** The directories the fallback hides: homes, runtime state, and the server's own directories. */
    static List<Path> defaultHidden() {
        List<Path> hidden = new ArrayList<>(List.of(Path.of("/root"), Path.of("/home"), Path.of("/run"),
                Path.of("/var/tmp")));
        for (String property : List.of("user.home", "user.dir")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                Path path = Path.of(value).toAbsolutePath().normalize();
                boolean system = path.getNameCount() == 0 || Path.of("/usr").startsWith(path)
                        || List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib64", "/proc", "/dev", "/sys", "/tmp")
                                .stream().anyMatch(path::startsWith);
                if (!system && hidden.stream().noneMatch(path::startsWith)) {
                    hidden.add(path);
                }
            }
        }
        return hidden;
    }

    @Override
    public String name() {
        return "unshare";
    }

    @Override
    public boolean isolated() {
        return true;
    }

    @Override
    public List<String> guarantees() {
        return List.of("no network: a network namespace with no interface up",
                "own user, pid, mount, ipc and uts namespaces; a new session; no capabilities",
                "private /tmp (" + this.tmpSize / (1024 * 1024) + " MiB) and /dev/shm (" + this.shmSize / (1024 * 1024)
                        + " MiB); " + this.hidden + " hidden",
                "other host files visible with the run uid's permissions",
                "a clean environment", "killed when the server dies (parent-death signal, --kill-child)");
    }

    @Override
    public String workDirectoryInside(Path workDirectory) {
        return workDirectory.toString();
    }

    @Override
    public List<String> wrap(Path workDirectory, Map<String, String> environment, List<String> command) {
        // The working directory may live under /tmp, which gets covered: it is entered first, and
        // once everything is covered it is mounted back at its own path through /proc/self/cwd
        // (not canonicalized, which would resolve the path in the new /tmp), so that the programs
        // that turn relative paths into absolute ones find their files.
        String script = "W=\"$1\"; cd \"$W\" || exit 125; shift; "
                + "mount -t tmpfs -o size=" + this.tmpSize + ",mode=1777,nosuid,nodev tmpfs /tmp || exit 125; "
                + "if [ -d /dev/shm ]; then mount -t tmpfs -o size=" + this.shmSize
                + ",mode=1777,nosuid,nodev tmpfs /dev/shm || exit 125; fi; "
                + this.hidden.stream()
                        .map(path -> "if [ -d " + quote(path) + " ]; then mount -t tmpfs -o size=1m,mode=0755,nosuid,nodev tmpfs "
                                + quote(path) + " || exit 125; fi; ")
                        .collect(Collectors.joining())
                + "mkdir -p \"$W\" && mount --no-canonicalize --bind /proc/self/cwd \"$W\" && cd \"$W\" || exit 125; "
                // the shell's cd exported these; the program gets the environment it was given
                + "unset OLDPWD W; "
                + "exec " + quote(this.setpriv) + " --bounding-set=-all --inh-caps=-all --no-new-privs -- \"$@\"";
        List<String> line = new ArrayList<>(List.of(this.unshare.toString(), "--user", "--map-root-user", "--net",
                "--pid", "--fork", "--kill-child", "--mount", "--mount-proc", "--ipc", "--uts", "--",
                this.setsid.toString(), "--wait", this.shell.toString(), "-c", script, "sh", workDirectory.toString()));
        line.addAll(command);
        return line;
    }

    private static String quote(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }
}
