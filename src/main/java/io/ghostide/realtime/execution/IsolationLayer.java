package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One way of isolating a run from the host; {@link SandboxSelector} picks the first that works
 * here at startup. The layer wraps a command that already carries its rlimits; the uid the run
 * starts as is chosen around it, by {@link Sandbox}.
 */
interface IsolationLayer {

    /** {@code bwrap}, {@code unshare} or {@code none}: what {@code GET /api/v1/languages} reports. */
    String name();

    /** Whether the program is kept from the host's network, processes and files by more than permissions. */
    boolean isolated();

    /** What holds for a program run in this layer, in words. */
    List<String> guarantees();

    /** The working directory as the program sees it (its {@code HOME} too). */
    String workDirectoryInside(Path workDirectory);

    /**
     * The command that runs {@code command} in this layer, in {@code workDirectory}, with
     * exactly {@code environment}. The process is started in {@code workDirectory} with that
     * environment too.
     */
    List<String> wrap(Path workDirectory, Map<String, String> environment, List<String> command);
}
