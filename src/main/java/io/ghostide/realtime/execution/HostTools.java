package io.ghostide.realtime.execution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the host's programs the sandbox is built from ({@code bwrap}, {@code unshare}, {@code prlimit}, …). */
final class HostTools {

    private static final List<Path> DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"),
            Path.of("/sbin"), Path.of("/usr/local/bin"));

    private HostTools() {
    }

    /** The program of that name in the system's directories (never a user's PATH, which may hold shims). */
    static Optional<Path> find(String name) {
        return DIRECTORIES.stream().map(directory -> directory.resolve(name)).filter(HostTools::isExecutable).findFirst();
    }

    static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
