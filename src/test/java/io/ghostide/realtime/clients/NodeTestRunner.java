package io.ghostide.realtime.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the JavaScript client library's Node tests ({@code node --test DIR} in {@code clients/js})
 * against a server: Node's output goes to the log line by line, and the test fails when Node
 * exits non-zero or does not end in time. Without the library's npm packages (a build with
 * {@code -Dfrontend.skip=true}) the test is skipped with the reason.
 */
final class NodeTestRunner {

    private static final Log logger = LogFactory.getLog(NodeTestRunner.class);

    private static final Path CLIENT = Path.of("clients", "js").toAbsolutePath();

    // the Node tests take about a minute on an idle machine; a busy one may take several
    private static final long TIMEOUT_MINUTES = 10;

    private static final int TAIL_LINES = 60;

    private NodeTestRunner() {
    }

    /** Runs the tests in {@code directory} (of clients/js) with {@code environment} added to Node's. */
    static void runNodeTests(String directory, Map<String, String> environment) throws IOException, InterruptedException {
        assumeTrue(Files.isDirectory(CLIENT.resolve("node_modules/ws"))
                && Files.isDirectory(CLIENT.resolve("node_modules/@stomp/stompjs")),
                "the client library's npm packages are not installed in clients/js: build without -Dfrontend.skip (it runs npm ci)");
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
        if (forceExitSupported()) {
            // a STOMP connect the server refused leaves @stomp/stompjs's connection timer (10 s)
            // pending, which would keep a test file's process alive that long after its last test
            command.add("--test-force-exit");
        }
        command.add(directory);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(CLIENT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("NO_COLOR", "1");
        Process node = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> follow(node, tail), "node-test-output");
        reader.start();
        if (!node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            fail("node --test did not end within " + TIMEOUT_MINUTES + " minutes; its last lines:\n" + lines(tail));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(node.exitValue()).as("node --test exit code; its last lines:\n%s", lines(tail)).isZero();
    }

    // --test-force-exit came with Node 20.14 and 22.0; the library supports any Node 20
    private static boolean forceExitSupported() throws IOException, InterruptedException {
        Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!version.waitFor(30, TimeUnit.SECONDS) || !text.matches("v\\d+\\.\\d+\\..*")) {
            return false;
        }
        String[] parts = text.substring(1).split("\\.");
        int major = Integer.parseInt(parts[0]);
        return major > 20 || (major == 20 && Integer.parseInt(parts[1]) >= 14);
    }

    // every line to the log as it comes; the last ones kept for the failure message
    private static void follow(Process node, Deque<String> tail) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                logger.info("[node] " + line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        }
        catch (IOException ex) {
            // the process went away; its exit code says what happened
        }
    }

    private static String lines(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }
}
