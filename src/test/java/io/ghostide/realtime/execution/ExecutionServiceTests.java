package io.ghostide.realtime.execution;

import java.util.Map;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.MessageRouter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class ExecutionServiceTests {

    @Test
    void aLanguageWhoseToolchainIsMissingIsUnavailableWithAReason() {
        try (RunnerHarness harness = new RunnerHarness(Map.of("ghostide.execution.executables.python",
                "/nonexistent/python3"))) {
            Toolchain python = harness.toolchains.toolchain(Language.PYTHON);
            assertThat(python.available()).isFalse();
            assertThat(python.detail()).contains("/nonexistent/python3");

            MessageRouter router = mock(MessageRouter.class);
            ExecutionService service = harness.service(router, mock(HookPublisher.class));
            try {
                assertThatThrownBy(() -> service.submit("missing", "print(1)", "python", null, null))
                        .isInstanceOfSatisfying(ExecutionRejectedException.class, ex -> {
                            assertThat(ex.status()).isEqualTo(400);
                            assertThat(ex.detail()).contains("Python cannot run on this server", "/nonexistent/python3");
                        });
                verify(router).publishExecutionError(eq("missing"), anyString(), eq("Language not available"),
                        contains("/nonexistent/python3"), eq(400));
            }
            finally {
                service.destroy();
            }
        }
    }

    @Test
    void aTimeoutBeyondTheMaximumIsRefusedBeforeAnythingIsPublished() {
        try (RunnerHarness harness = new RunnerHarness(Map.of("ghostide.execution.max-timeout", "60s"))) {
            MessageRouter router = mock(MessageRouter.class);
            ExecutionService service = harness.service(router, mock(HookPublisher.class));
            try {
                assertThatThrownBy(() -> service.submit("timeout", "print(1)", "python", 61, null))
                        .isInstanceOfSatisfying(ExecutionRejectedException.class,
                                ex -> assertThat(ex.detail()).contains("between 1 and 60"));
                verifyNoInteractions(router);
            }
            finally {
                service.destroy();
            }
        }
    }

    @Test
    void aRunTheSandboxCannotCarryOutEndsWith500AndFreesItsSlot() throws Exception {
        RunDirectoryContributor broken = (sessionId, workDir) -> {
            throw new java.io.IOException("disk full");
        };
        try (RunnerHarness harness = new RunnerHarness(Map.of("ghostide.execution.max-concurrent", "1",
                "ghostide.execution.queue-capacity", "0"), java.util.List.of(broken))) {
            MessageRouter router = mock(MessageRouter.class);
            ExecutionService service = harness.service(router, mock(HookPublisher.class));
            try {
                for (int i = 0; i < 3; i++) {
                    // one slot and no queue: a slot kept by a failed run would refuse the next with 429
                    String session = "broken-" + i;
                    ExecutionService.Submission submission = service.submit(session, "print(1)", "python", null, null);
                    assertThatThrownBy(() -> submission.result().get(60, java.util.concurrent.TimeUnit.SECONDS))
                            .hasCauseInstanceOf(ExecutionRejectedException.class)
                            .cause().satisfies(cause -> assertThat(((ExecutionRejectedException) cause).status()).isEqualTo(500));
                    verify(router).publishExecutionError(eq(session), eq(submission.executionId()), eq("Sandbox failure"),
                            contains("disk full"), eq(500));
                }
                assertThat(service.activeRuns()).isZero();
            }
            finally {
                service.destroy();
            }
        }
    }
}
