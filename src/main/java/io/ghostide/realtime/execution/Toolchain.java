package io.ghostide.realtime.execution;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A language's interpreter or compiler as found on this host.
 *
 * @param language the language
 * @param executable the real path of the interpreter or compiler; null when none was found
 * @param detail why the language is unavailable, or where it was found
 * @param readOnlyPaths host paths outside {@code /usr} the toolchain needs inside the sandbox
 */
record Toolchain(Language language, @Nullable Path executable, String detail, List<Path> readOnlyPaths) {

    static Toolchain missing(Language language, String detail) {
        return new Toolchain(language, null, detail, List.of());
    }

    boolean available() {
        return this.executable != null;
    }

    /** The executable, for a toolchain known to be available. */
    Path requireExecutable() {
        Path path = this.executable;
        if (path == null) {
            throw new IllegalStateException(this.language.id() + " is not available: " + this.detail);
        }
        return path;
    }
}
