package io.ghostide.realtime.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ghostide.realtime.hooks.HookPublisher;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.ExecutionResult.Status;
import io.ghostide.realtime.messaging.MessageRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The layers below bubblewrap, built directly as the selector builds them: the {@code unshare}
 * fallback must hold on its own, and {@code none} must refuse unless the operator allowed it.
 */
class SandboxFallbackTests {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Unshare {

        private RunnerHarness harness;

        @BeforeAll
        void selectTheUnshareLayer() {
            this.harness = new RunnerHarness(Map.of("ghostide.execution.isolation", "unshare"));
        }

        @AfterAll
        void close() {
            this.harness.close();
        }

        @Test
        void runsAProgramWhenAskedFor() throws IOException {
            assertThat(this.harness.sandbox.layer().name()).isEqualTo("unshare");
            assertThat(this.harness.sandbox.enabled()).isTrue();
            ExecutionResult result = this.harness.run("print(6 * 7)", 10);
            assertThat(result.stdout()).isEqualTo("42\n");
            assertThat(result.status()).isEqualTo(Status.OK);
        }

        @Test
        void hasNoNetwork() throws IOException {
            ExecutionResult result = this.harness.run("""
                    import socket
                    try:
                        socket.create_connection(("127.0.0.1", 22), timeout=3)
                        print("connected")
                    except OSError as e:
                        print("refused:", e)
                    """, 10);
            assertThat(result.stdout()).startsWith("refused:");
        }

        @Test
        void keepsTheServerOutOfTheProgramsSight() throws IOException {
            String serverDirectory = System.getProperty("user.dir");
            Path hostFile = Files.writeString(Path.of("/tmp", "ghostide-host-" + UUID.randomUUID()), "host");
            try {
                ExecutionResult result = this.harness.run("""
                        import os, subprocess
                        # hidden: an empty directory, or absent when it lies under the private /tmp
                        d = "%s"
                        print(sorted(os.listdir(d)) if os.path.isdir(d) else [])
                        print(os.path.exists("%s"))
                        print(subprocess.run(["umount", "/tmp"], capture_output=True).returncode != 0)
                        print(" ".join(sorted(os.environ)))
                        """.formatted(serverDirectory, hostFile), 10);
                List<String> lines = result.stdout().lines().toList();
                assertThat(lines).as(result.toString()).hasSize(4);
                assertThat(lines.get(0)).isEqualTo("[]");
                assertThat(lines.get(1)).isEqualTo("False");
                assertThat(lines.get(2)).isEqualTo("True");
                assertThat(lines.get(3).split(" ")).isSubsetOf("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PWD",
                        "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING");
            }
            finally {
                Files.delete(hostFile);
            }
        }

        @Test
        void containsAForkBombToTheLastProcess() throws IOException {
            String marker = ExecutionIsolationEndToEndTests.forkBombMarker();
            ExecutionResult result = this.harness.run(ExecutionIsolationEndToEndTests.forkBomb(marker), 20);
            assertThat(result.stdout()).startsWith("refused after ");
            assertThat(Integer.parseInt(result.stdout().strip().split(" ")[2])).isLessThan(64);
            await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionIsolationEndToEndTests.processesWith(marker) == 0);
        }

        @Test
        void stopsAnEndlessProgramAtItsTimeout() throws IOException {
            String marker = "unshare-loop-" + UUID.randomUUID();
            // timed out, not killed: the 2 s timeout ended it, not the CPU limit
            ExecutionResult result = this.harness.run(ExecutionIsolationEndToEndTests.marked(marker,
                    "while True:\n    pass\n"), 2);
            assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
            assertThat(result.timedOut()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> ExecutionIsolationEndToEndTests.processesWith(marker) == 0);
        }
    }

    @Test
    void noIsolationIsRefusedUnlessAllowed() {
        try (RunnerHarness harness = new RunnerHarness(Map.of("ghostide.execution.isolation", "none"))) {
            assertThat(harness.sandbox.layer().name()).isEqualTo("none");
            assertThat(harness.sandbox.enabled()).isFalse();
            assertThat(harness.sandbox.refusal()).contains("ghostide.execution.allow-unsandboxed");

            MessageRouter router = mock(MessageRouter.class);
            ExecutionService service = harness.service(router, mock(HookPublisher.class));
            try {
                assertThatThrownBy(() -> service.submit("refused", "print(1)", "python", null, null))
                        .isInstanceOfSatisfying(ExecutionRejectedException.class,
                                ex -> assertThat(ex.status()).isEqualTo(503));
                verify(router).publishExecutionError(eq("refused"), anyString(), eq("Code execution disabled"),
                        contains("allow-unsandboxed"), eq(503));
            }
            finally {
                service.destroy();
            }
        }
    }

    @Test
    void noIsolationRunsWhenAllowedWithTheLimitsStillInPlace() throws IOException {
        try (RunnerHarness harness = new RunnerHarness(Map.of("ghostide.execution.isolation", "none",
                "ghostide.execution.allow-unsandboxed", "true"))) {
            assertThat(harness.sandbox.enabled()).isTrue();
            assertThat(harness.sandbox.layer().isolated()).isFalse();
            ExecutionResult result = harness.run("import os\nprint(os.getuid())\nx = bytearray(4 * 1024 ** 3)", 10);
            assertThat(result.status()).isEqualTo(Status.MEMORY_LIMIT_EXCEEDED);
            int uid = Integer.parseInt(result.stdout().strip());
            if (ProcessTable.currentUid() == 0) {
                assertThat(uid).isBetween(harness.properties.uidBase(),
                        harness.properties.uidBase() + harness.properties.uidCount() - 1);
            }
            else {
                assertThat(uid).isEqualTo(ProcessTable.currentUid());
            }
        }
    }
}
