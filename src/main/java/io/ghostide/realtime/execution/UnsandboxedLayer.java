package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No isolation: the program runs on the host in a new session with its rlimits, as a uid of its
 * own when the server runs as root, else as the server's uid. Used only when the operator allows
 * unsandboxed runs.
 */
final class UnsandboxedLayer implements IsolationLayer {

    private final Path setsid;

    UnsandboxedLayer(Path setsid) {
        this.setsid = setsid;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public List<String> guarantees() {
        return List.of("NOT isolated: the program sees the host's network, processes and files",
                "rlimits only (time, memory, processes, files, output); a new session; a clean environment");
    }

    @Override
    public String workDirectoryInside(Path workDirectory) {
        return workDirectory.toString();
    }

    @Override
    public List<String> wrap(Path workDirectory, Map<String, String> environment, List<String> command) {
        List<String> line = new ArrayList<>(List.of(this.setsid.toString(), "--wait"));
        line.addAll(command);
        return line;
    }
}
