package io.ghostide.realtime.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One whole application on a random loopback port, started in this JVM; several of them with
 * {@code ghostide.cluster.mode=redis} and one Redis make a cluster for a test.
 */
public final class ServerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private final Path dataDir;

    private ServerInstance(ConfigurableApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
    }

    /** Starts an instance in redis mode against {@code redis}, with {@code extra} properties ("name=value"). */
    public static ServerInstance redis(RedisServer redis, String nodeId, String... extra) {
        List<String> properties = new ArrayList<>(List.of("ghostide.cluster.mode=redis",
                "spring.data.redis.url=" + redis.url(), "ghostide.cluster.node-id=" + nodeId));
        properties.addAll(List.of(extra));
        return start(properties.toArray(String[]::new));
    }

    /** Starts an instance with {@code properties} ("name=value") on a random port and its own data directory. */
    public static ServerInstance start(String... properties) {
        try {
            Path dataDir = Files.createTempDirectory("ghostide-instance-");
            List<String> all = new ArrayList<>(List.of("server.port=0", "ghostide.workspace.data-dir=" + dataDir,
                    // instances in one JVM must not sweep each other's run directories as a dead server's
                    "ghostide.execution.run-directory=" + Path.of(System.getProperty("java.io.tmpdir"),
                            "ghostide-runs-" + dataDir.getFileName()),
                    // the test owns its JVM's shutdown; each instance is closed by the test
                    "spring.main.register-shutdown-hook=false"));
            all.addAll(List.of(properties));
            // as command-line arguments, which win over application.yml (default properties would not)
            ConfigurableApplicationContext context = new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                    .run(all.stream().map(property -> "--" + property).toArray(String[]::new));
            return new ServerInstance(context, dataDir);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public int port() {
        return ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    public ConfigurableApplicationContext context() {
        return this.context;
    }

    /** Plain HTTP calls to this instance. */
    public Http http() {
        return Http.on(port());
    }

    /** GETs a path and returns status and body. */
    public HttpResponse<String> get(String path) {
        return http().get(path);
    }

    /** GETs a path and parses the body as JSON. */
    public JsonNode json(String path) {
        return http().getJson(path);
    }

    public HttpResponse<String> send(HttpRequest request) {
        return Http.send(request);
    }

    public URI uri(String path) {
        return http().uri(path);
    }

    public boolean isRunning() {
        return this.context.isActive();
    }

    /** Property values the instance resolved, for assertions. */
    public Map<String, Object> beansOfType(Class<?> type) {
        return Map.copyOf(this.context.getBeansOfType(type));
    }

    @Override
    public void close() {
        if (this.context.isActive()) {
            this.context.close();
        }
        try (var paths = Files.walk(this.dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            // a leftover temporary directory is harmless
        }
    }

    /** Closes each in turn, the nulls of a failed start skipped; a failure to close one does not stop the rest. */
    public static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            }
            catch (Exception ex) {
                // best effort: the next test starts its own instances
            }
        }
    }
}
