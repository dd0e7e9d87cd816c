package io.ghostide.realtime.ghost.advice;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * A run to diagnose: the program and how it ended.
 *
 * @param program the code that ran
 * @param result how it ended; null while it still runs, read as a runtime error without output
 */
public record FailedRun(SourceFile program, @Nullable ExecutionResult result) {

    String language() {
        return this.program.language();
    }

    String code() {
        return this.program.code();
    }
}
