package io.ghostide.realtime.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real, private {@code redis-server} (Debian's package) on a free loopback port with its own
 * temporary directory, for tests of {@code ghostide.cluster.mode=redis}. It can be stopped and
 * started again on the same port to test what happens while Redis is away. When the binary is
 * missing the test is skipped, except under CI ({@code CI=true}), where it fails.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final String binary;

    private final Path dir;

    private final int port;

    // an append-only file written before every reply, so that a restart, even after SIGKILL, finds every write
    private final boolean persistent;

    private Process process;

    private RedisServer(String binary, Path dir, int port, boolean persistent) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.persistent = persistent;
    }

    /** Starts a server that keeps nothing on disk, or skips (fails under CI) when {@code redis-server} is not installed. */
    public static RedisServer start() {
        return start(false);
    }

    /**
     * Starts a server that writes every change to its append-only file before answering
     * ({@code appendfsync always}), so that {@link #restart()} comes back with all its data.
     */
    public static RedisServer startPersistent() {
        return start(true);
    }

    private static RedisServer start(boolean persistent) {
        String binary = findBinary();
        if (binary == null) {
            String reason = "redis-server is not installed (apt-get install -y redis-server); .ci/run installs it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason);
            }
            Assumptions.abort(reason);
        }
        try {
            RedisServer server = new RedisServer(binary, Files.createTempDirectory("ghostide-redis-"), freePort(), persistent);
            server.startProcess();
            return server;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start redis-server", ex);
        }
    }

    /** {@code redis://127.0.0.1:PORT}, for {@code spring.data.redis.url}. */
    public String url() {
        return "redis://127.0.0.1:" + this.port;
    }

    public int port() {
        return this.port;
    }

    /** Kills the server at once (SIGKILL): every connection drops and, unless persistent, all data is lost. */
    public synchronized void kill() {
        if (this.process != null) {
            this.process.destroyForcibly();
            try {
                this.process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            this.process = null;
        }
    }

    /** Starts the server again on the same port: empty, or with all its data when persistent. */
    public synchronized void restart() {
        kill();
        try {
            startProcess();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not restart redis-server", ex);
        }
    }

    /** Sends one inline command and returns the raw reply, such as {@code +PONG} or {@code :3}. */
    public String command(String inline) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    reply.append((char) b);
                }
            }
            return reply.toString();
        }
        catch (IOException ex) {
            return "-" + ex;
        }
    }

    private void startProcess() throws IOException {
        this.process = new ProcessBuilder(this.binary, "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
                "--dir", this.dir.toString(), "--save", "", "--appendonly", this.persistent ? "yes" : "no",
                "--appendfsync", "always", "--daemonize", "no",
                "--logfile", this.dir.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(this.dir.resolve("stdout.log").toFile())
                .start();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server exited; see " + this.dir.resolve("redis.log"));
            }
            return "+PONG".equals(command("PING"));
        });
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> paths = Files.walk(this.dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            // a leftover temporary directory is harmless
        }
    }

    private static String findBinary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
