package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Puts files into a run's working directory before the program starts, such as the session's
 * saved files, so that {@code main.py} can import {@code util.py}. Implemented by other features;
 * the runner calls every such bean.
 */
public interface RunDirectoryContributor {

    /** Writes files for {@code sessionId} into {@code workDir}, which is empty and owned by the server. */
    void contribute(String sessionId, Path workDir) throws IOException;
}
