package io.ghostide.realtime.hooks;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.HookType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunFailedTests {

    @Test
    void theErrorIsWhatTheRunWroteToStderr() {
        RunFailed failed = failed("out\n", "Traceback: boom\n", ExecutionResult.Status.RUNTIME_ERROR);
        assertThat(failed.error()).isEqualTo("Traceback: boom\n");
        assertThat(failed.hookType()).isEqualTo(HookType.ON_ERROR);
        assertThat(failed.context()).containsEntry("error", "Traceback: boom\n").containsEntry("status", "runtime_error");
    }

    @Test
    void aRunWithoutStderrIsDescribedByItsStatusNotByItsStdout() {
        RunFailed failed = failed("still counting 41\n", "  \n", ExecutionResult.Status.TIMED_OUT);
        assertThat(failed.error()).isEqualTo("timed_out");
        assertThat(failed.context()).containsEntry("error", "timed_out").containsEntry("timed_out", true);
    }

    private static RunFailed failed(String stdout, String stderr, ExecutionResult.Status status) {
        ExecutionResult result = new ExecutionResult(stdout, stderr, 1, 0.5, status == ExecutionResult.Status.TIMED_OUT,
                status, false);
        return new RunFailed("s1", "e1", "python", "print(1)", result);
    }
}
