package io.ghostide.realtime.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ghostide.realtime.GhostIdeRealtimeApplication;

import static org.awaitility.Awaitility.await;

/**
 * One whole application in a JVM of its own, a child process of the test started from the
 * test's class path, so that it can die as a real instance dies ({@link #kill()} is SIGKILL on
 * Linux: no shutdown hook, no clean-up, its sockets reset by the kernel). Its output goes to a
 * log file in its own temporary directory, which also holds its data.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xss512k");

    // not Http.CLIENT: a probe of a process that may be gone gives up connecting after 5 s
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;

    private final Path dir;

    private final int port;

    private final Thread reaper;

    private ServerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        // a test JVM that dies takes its child with it
        this.reaper = new Thread(process::destroyForcibly, "server-process-reaper");
        Runtime.getRuntime().addShutdownHook(this.reaper);
    }

    /**
     * Starts an instance in redis mode against {@code redis}, with {@code extra} properties
     * ("name=value"), and waits until it is ready.
     */
    public static ServerProcess redis(RedisServer redis, String nodeId, String... extra) {
        List<String> properties = new ArrayList<>(List.of("ghostide.cluster.mode=redis",
                "spring.data.redis.url=" + redis.url(), "ghostide.cluster.node-id=" + nodeId));
        properties.addAll(List.of(extra));
        return start(properties);
    }

    /**
     * Starts an instance in local mode whose heap is at most {@code maxHeap} ({@code -Xmx}), with
     * {@code extra} properties; an {@link OutOfMemoryError} anywhere in it ends the process, so
     * that a test sees a server that ran out of memory as one that is gone.
     */
    public static ServerProcess local(String maxHeap, String... extra) {
        return start(List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xss512k"),
                List.of(extra));
    }

    /**
     * Starts an instance in local mode as {@code java … &} in a script starts it: ignoring SIGINT
     * and SIGQUIT, as a shell without job control leaves a background command.
     */
    public static ServerProcess localIgnoringInterrupts(String... extra) {
        // the shell sets the signals ignored and execs java in its place, which keeps them so
        return start(List.of("/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "sh"), JVM_OPTIONS, List.of(extra));
    }

    private static ServerProcess start(List<String> properties) {
        return start(JVM_OPTIONS, properties);
    }

    private static ServerProcess start(List<String> jvmOptions, List<String> properties) {
        return start(List.of(), jvmOptions, properties);
    }

    private static ServerProcess start(List<String> launcher, List<String> jvmOptions, List<String> properties) {
        try {
            Path dir = Files.createTempDirectory("ghostide-process-");
            int port = freePort();
            List<String> command = new ArrayList<>(launcher);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            // Surefire runs tests from a manifest-only jar and names the real class path here
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            // an argument file: the class path is long
            Path args = dir.resolve("java-args");
            Files.writeString(args, "-cp \"" + classPath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
            command.add("@" + args);
            command.add(GhostIdeRealtimeApplication.class.getName());
            command.addAll(List.of("--server.port=" + port, "--spring.main.banner-mode=off",
                    "--ghostide.workspace.data-dir=" + dir.resolve("data"),
                    "--ghostide.execution.run-directory=" + runDirectory(dir)));
            properties.forEach(property -> command.add("--" + property));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile()).start();
            ServerProcess server = new ServerProcess(process, dir, port);
            try {
                await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The server process exited; see " + dir.resolve("server.log"));
                    }
                    return server.status("/actuator/health/readiness") == 200;
                });
            }
            catch (RuntimeException ex) {
                server.close();
                throw ex;
            }
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start a server process", ex);
        }
    }

    public int port() {
        return this.port;
    }

    public long pid() {
        return this.process.pid();
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(Http.on(this.port).uri(path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException ex) {
            return -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Kills the process at once (SIGKILL on Linux) and waits until it is gone. */
    public void kill() {
        this.process.destroyForcibly();
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The server process did not die");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the process as an operator does (SIGTERM on Linux: a clean shutdown) and waits until it is gone. */
    public int stop() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The server process did not stop");
            }
            return this.process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Where the instance keeps its session files ({@code ghostide.workspace.data-dir}). */
    public Path dataDir() {
        return this.dir.resolve("data");
    }

    /** Freezes the process (SIGSTOP): its sockets stay open, and nothing in it answers until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return this.process.isAlive();
    }

    /** The process's output so far, for a failure message. */
    public String log() {
        try {
            return Files.readString(this.dir.resolve("server.log"));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(this.reaper);
        }
        catch (IllegalStateException ex) {
            // the JVM is shutting down already; the hook runs anyway
        }
        delete(this.dir);
        delete(runDirectory(this.dir));
    }

    /**
     * Where the instance's runs get their directories: beside its own directory, not in it,
     * since that one is private to the test's user and a run may have a uid of its own.
     */
    private static Path runDirectory(Path dir) {
        return dir.resolveSibling(dir.getFileName() + "-runs");
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            // a leftover temporary directory is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
