package io.ghostide.realtime.execution;

import java.io.IOException;
import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.ExecutionResult.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner on its own, with the sandbox this host has. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeRunnerTests {

    private RunnerHarness harness;

    @BeforeAll
    void start() {
        this.harness = new RunnerHarness(Map.of());
    }

    @AfterAll
    void stop() {
        this.harness.close();
    }

    @Test
    void theCpuLimitEndsABusyLoopBeforeTheWallClockDoes() throws IOException {
        try (RunnerHarness cpuLimited = new RunnerHarness(Map.of("ghostide.execution.cpu-time", "1s"))) {
            ExecutionResult result = cpuLimited.run("while True:\n    pass\n", 30);
            assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
            assertThat(result.timedOut()).isTrue();
            // killed by SIGXCPU, as a shell reports it
            assertThat(result.exitCode()).isEqualTo(128 + 24);
            assertThat(result.executionTime()).isLessThan(20);
        }
    }

    @Test
    void aJavaFileWhosePublicClassComesAfterAHelperIsCompiledWithJavac() throws IOException {
        ExecutionResult result = this.harness.run(Language.JAVA, """
                class Helper {
                    static int answer() { return 42; }
                }

                public class Main {
                    public static void main(String[] args) {
                        System.out.println(Helper.answer());
                    }
                }
                """, 60);
        assertThat(result.stdout()).as(result.toString()).isEqualTo("42\n");
        assertThat(result.status()).isEqualTo(Status.OK);
    }

    @Test
    void aCompileFailureOfSuchAFileIsACompilationError() throws IOException {
        ExecutionResult result = this.harness.run(Language.JAVA,
                "class Helper { }\npublic class Main { int x = \"s\"; }", 60);
        assertThat(result.status()).isEqualTo(Status.COMPILATION_ERROR);
        assertThat(result.stderr()).contains("incompatible types");
    }
}
