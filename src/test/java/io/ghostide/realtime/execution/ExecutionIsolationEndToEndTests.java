package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.ghostide.realtime.support.RawClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a run may not do, with the sandbox this host has (bubblewrap here and in CI): run
 * forever, flood the server, take the memory, fork without end, reach the network, read the
 * server's environment or write the system.
 */
class ExecutionIsolationEndToEndTests extends ExecutionEndToEndSupport {

    private static final Log logger = LogFactory.getLog(ExecutionIsolationEndToEndTests.class);

    /**
     * A Python prelude that restarts the program with a marker in its command line, so the test
     * can look for any process of the run the sandbox left behind.
     */
    /** A marker no other process has: every child of {@link #forkBomb} sleeps with it as its argument. */
    static String forkBombMarker() {
        return "3600." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000);
    }

    /**
     * A Python program that forks children until refused and prints {@code refused after N …};
     * every child execs a sleep with the marker, so whatever outlives the run can be found.
     */
    static String forkBomb(String marker) {
        return """
                import os
                forked = 0
                try:
                    for i in range(2000):
                        if os.fork() == 0:
                            os.execv("/bin/sleep", ["sleep", "%s"])
                        forked += 1
                    print("forked", forked)
                except OSError as e:
                    print("refused after", forked, e.strerror)
                """.formatted(marker);
    }

    static String marked(String marker, String body) {
        return "import os, sys\n"
                + "if len(sys.argv) < 2:\n"
                + "    os.execv(sys.executable, [sys.executable, '-u', 'main.py', '" + marker + "'])\n"
                + body;
    }

    /** Processes on this host whose command line holds the marker. */
    static long processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .count();
    }

    @Test
    void anInfiniteLoopWithTimeout2IsEndedWhollyAtItsTimeout() {
        String marker = "loop-" + UUID.randomUUID();
        try (RawClient client = RawClient.connect(this.port, "loop")) {
            long started = System.nanoTime();
            JsonNode result = result(run("loop", "python", marked(marker, "while True:\n    pass\n"), "timeout", 2));
            double seconds = (System.nanoTime() - started) / 1e9;
            logger.info("A busy loop with timeout 2 was answered after " + seconds + " s");
            assertThat(result.get("timed_out").asBoolean()).isTrue();
            assertThat(result.get("status").asString()).isEqualTo("timed_out");
            // exit -1: the 2 s timeout stopped it, not the CPU limit (10 s), whose SIGXCPU is an exit code
            assertThat(result.get("exit_code").asInt()).isEqualTo(-1);
            assertThat(seconds).isGreaterThanOrEqualTo(1.9);
            assertThat(result.get("execution_time").asDouble()).isGreaterThanOrEqualTo(1.9);
            await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker) == 0);

            var messages = runMessages(client, Duration.ofSeconds(10));
            assertThat(types(messages)).endsWith("execution_complete", "hook_triggered:on_error");
            JsonNode context = messages.get(messages.size() - 1).path("data").path("context");
            assertThat(context.path("timed_out").asBoolean()).isTrue();
            assertThat(context.path("status").asString()).isEqualTo("timed_out");
        }
    }

    @Test
    void anOutputFloodIsCutAtTheLimitWithoutHarmingTheServer() {
        try (RawClient client = RawClient.connect(this.port, "flood")) {
            long started = System.nanoTime();
            JsonNode result = result(run("flood", "python",
                    "import sys\nwhile True:\n    sys.stdout.write('x' * 999 + '\\n')\n", "timeout", 30));
            logger.info("An output flood was stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertThat(result.get("status").asString()).isEqualTo("output_limit_exceeded");
            assertThat(result.get("truncated").asBoolean()).isTrue();
            assertThat(result.get("timed_out").asBoolean()).isFalse();
            int kept = result.get("stdout").asString().length();
            assertThat(kept).isEqualTo(256 * 1024);
            var messages = runMessages(client, Duration.ofSeconds(30));
            // the session heard every kept byte as it came, and a bounded execution_complete after it
            assertThat(output(messages, "stdout")).hasSize(kept);
            JsonNode heard = messages.stream().filter(message -> message.path("type").asString().equals("execution_complete"))
                    .findFirst().orElseThrow().path("data").path("result");
            assertThat(heard.get("stdout").asString()).hasSizeLessThanOrEqualTo(SessionResults.MAX_STREAM_JSON_BYTES);
            assertThat(heard.get("status").asString()).isEqualTo("output_limit_exceeded");
            assertThat(heard.get("truncated").asBoolean()).isTrue();

            // and the server, and this very connection, go on as usual
            assertThat(result(run("flood", "python", "print(42)")).get("stdout").asString()).isEqualTo("42\n");
            assertThat(output(runMessages(client, Duration.ofSeconds(20)), "stdout")).isEqualTo("42\n");
        }
    }

    @Test
    void aFourGibAllocationFails() {
        JsonNode python = result(run("memory", "python", "data = bytearray(4 * 1024 ** 3)\nprint('allocated')"));
        assertThat(python.get("status").asString()).isEqualTo("memory_limit_exceeded");
        assertThat(python.get("stderr").asString()).contains("MemoryError");
        assertThat(python.get("stdout").asString()).isEmpty();

        JsonNode node = result(run("memory", "javascript", "const b = Buffer.alloc(4 * 1024 ** 3); console.log('allocated')"));
        assertThat(node.get("status").asString()).as(node.toString()).isEqualTo("memory_limit_exceeded");
        assertThat(node.get("stdout").asString()).isEmpty();

        // C sees the failure itself: malloc returns NULL under the address-space limit
        JsonNode c = result(run("memory", "c", """
                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>
                int main(void) {
                    size_t size = (size_t) 4 << 30;
                    char *p = malloc(size);
                    if (p == NULL) { puts("malloc failed"); return 1; }
                    memset(p, 1, size);
                    puts("allocated");
                    return 0;
                }
                """));
        assertThat(c.get("stdout").asString()).isEqualTo("malloc failed\n");
        assertThat(c.get("status").asString()).isEqualTo("runtime_error");
    }

    @Test
    void aForkBombIsContained() {
        String marker = forkBombMarker();
        String code = forkBomb(marker);
        JsonNode result = result(run("fork", "python", code, "timeout", 20));
        logger.info("Fork bomb: " + result.get("stdout").asString().strip());
        assertThat(result.get("stdout").asString()).startsWith("refused after ");
        int forked = Integer.parseInt(result.get("stdout").asString().split(" ")[2]);
        assertThat(forked).isLessThan(64);
        await().atMost(Duration.ofSeconds(3)).until(() -> processesWith(marker) == 0);

        // a real bomb, every process forking for ever, ends with the run and takes nothing with it
        String bombMarker = "bomb-" + UUID.randomUUID();
        long started = System.nanoTime();
        JsonNode bomb = result(run("fork", "python", marked(bombMarker, """
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """), "timeout", 3));
        logger.info("A fork bomb with timeout 3 was answered after " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertThat(bomb.get("status").asString()).isIn("timed_out", "killed");
        await().atMost(Duration.ofSeconds(3)).until(() -> processesWith(bombMarker) == 0);
        assertThat(result(run("fork", "python", "print(42)")).get("stdout").asString()).isEqualTo("42\n");
    }

    @Test
    void theNetworkIsUnreachableEvenOnLoopback() {
        String code = """
                import socket
                try:
                    socket.create_connection(("127.0.0.1", %d), timeout=3)
                    print("connected")
                except OSError as e:
                    print("refused:", e)
                """.formatted(this.port);
        JsonNode result = result(run("network", "python", code));
        assertThat(result.get("stdout").asString()).startsWith("refused:");
    }

    @Test
    void theServersEnvironmentIsNotVisible() {
        String serverVariable = System.getenv().keySet().stream()
                .filter(name -> !Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR").contains(name))
                .findFirst().orElseThrow();
        JsonNode result = result(run("env", "python", "import os\nprint(' '.join(sorted(os.environ)))"));
        Set<String> seen = Set.of(result.get("stdout").asString().strip().split(" "));
        assertThat(seen).doesNotContain(serverVariable);
        // PWD is the sandbox's own working directory, set by bubblewrap as it enters it
        assertThat(seen).isSubsetOf("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONUNBUFFERED",
                "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "LC_CTYPE", "PWD");
    }

    @Test
    void onlyTheWorkingDirectoryIsWritableBesideTmp() {
        String code = """
                for path in ["/usr/pwned", "/etc/pwned", "pwned-here", "/tmp/pwned"]:
                    try:
                        open(path, "w").write("x")
                        print(path, "written")
                    except OSError as e:
                        print(path, "refused")
                """;
        JsonNode result = result(run("files", "python", code));
        assertThat(result.get("stdout").asString()).contains("/usr/pwned refused", "/etc/pwned refused",
                "pwned-here written", "/tmp/pwned written");
    }
}
