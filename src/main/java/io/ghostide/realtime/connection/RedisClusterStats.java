package io.ghostide.realtime.connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Connection counts across instances, for {@code ghostide.cluster.mode=redis}. Each instance
 * writes its own counts (total and per session) to a Redis hash that expires after
 * {@code node-timeout}, whenever they change (checked every 250 ms) and at least every
 * {@code heartbeat}; so an instance that dies drops out of the counts within the timeout. This
 * instance's own share is always read live from its registry.
 */
final class RedisClusterStats implements ClusterStats, SmartLifecycle {

    private static final Log logger = LogFactory.getLog(RedisClusterStats.class);

    private static final long CHECK_MILLIS = 250;

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final ClusterNode node;

    private final ClusterProperties properties;

    private final ConnectionStats local;

    private final RedisConnections.Script report = RedisConnections.Script.load("node-report.lua");

    private final RedisConnections.Script counts = RedisConnections.Script.load("cluster-counts.lua");

    private final ScheduledExecutorService reporter =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("cluster-report-"));

    // what was last written; touched only by the reporter thread
    private Map<String, Integer> reported = Map.of();

    private int reportedTotal = -1;

    private long reportedAt;

    RedisClusterStats(RedisConnections redis, RedisKeys keys, ClusterNode node, ClusterProperties properties,
            ConnectionStats local) {
        this.redis = redis;
        this.keys = keys;
        this.node = node;
        this.properties = properties;
        this.local = local;
    }

    private volatile boolean running;

    @Override
    public void start() {
        // after the context is up: the registry behind the lazy ConnectionStats exists by then
        this.reporter.scheduleWithFixedDelay(this::reportIfDue, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        this.running = true;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    private void reportIfDue() {
        try {
            Map<String, Integer> sessions = new HashMap<>();
            for (String sessionId : this.local.activeSessions()) {
                sessions.put(sessionId, this.local.connectionCount(sessionId));
            }
            int total = this.local.totalConnections();
            long now = System.nanoTime();
            boolean due = now - this.reportedAt >= this.properties.heartbeat().toNanos();
            if (!due && total == this.reportedTotal && sessions.equals(this.reported)) {
                return;
            }
            List<byte[]> args = new ArrayList<>();
            args.add(RedisKeys.bytes(this.node.id()));
            args.add(RedisKeys.bytes(Long.toString(this.properties.nodeTimeout().toMillis())));
            args.add(RedisKeys.bytes(Integer.toString(total)));
            sessions.forEach((sessionId, count) -> {
                args.add(RedisKeys.bytes(sessionId));
                args.add(RedisKeys.bytes(count.toString()));
            });
            this.report.run(this.redis.commands(), ScriptOutputType.INTEGER,
                    new byte[][] { nodeKey(this.node.id()), this.keys.key("nodes") }, args.toArray(byte[][]::new));
            this.reported = sessions;
            this.reportedTotal = total;
            this.reportedAt = now;
        }
        catch (RuntimeException ex) {
            // Redis away: the next check reports again; other instances see this one drop out meanwhile
            logger.debug("Could not report this instance's connections: " + ex);
        }
    }

    @Override
    public Status status() {
        List<NodeConnections> nodes = new ArrayList<>();
        TreeSet<String> sessions = new TreeSet<>(this.local.activeSessions());
        int total = this.local.totalConnections();
        nodes.add(new NodeConnections(this.node.id(), total));
        for (Map.Entry<String, Map<String, Integer>> other : others("").entrySet()) {
            int nodeTotal = other.getValue().getOrDefault("total", 0);
            nodes.add(new NodeConnections(other.getKey(), nodeTotal));
            total += nodeTotal;
            other.getValue().forEach((field, count) -> {
                if (field.startsWith("s:") && count > 0) {
                    sessions.add(field.substring(2));
                }
            });
        }
        return new Status(total, new ArrayList<>(sessions), nodes);
    }

    @Override
    public SessionCount sessionCount(String sessionId) {
        List<NodeConnections> nodes = new ArrayList<>();
        int mine = this.local.connectionCount(sessionId);
        nodes.add(new NodeConnections(this.node.id(), mine));
        int total = mine;
        for (Map.Entry<String, Map<String, Integer>> other : others(sessionId).entrySet()) {
            int count = other.getValue().getOrDefault("s:" + sessionId, 0);
            nodes.add(new NodeConnections(other.getKey(), count));
            total += count;
        }
        return new SessionCount(total, nodes);
    }

    @Override
    public int elsewhere(String sessionId) {
        int count = 0;
        for (Map<String, Integer> other : others(sessionId).values()) {
            count += other.getOrDefault("s:" + sessionId, 0);
        }
        return count;
    }

    // node id -> its reported fields, for every live instance but this one
    private Map<String, Map<String, Integer>> others(String sessionId) {
        List<Object> reply;
        try {
            reply = this.counts.run(this.redis.commands(), ScriptOutputType.MULTI,
                    new byte[][] { this.keys.key("nodes") }, this.keys.key("node:"),
                    RedisKeys.bytes(Long.toString(this.properties.nodeTimeout().toMillis())), RedisKeys.bytes(sessionId));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        Map<String, Map<String, Integer>> nodes = new HashMap<>();
        int i = 0;
        while (i < reply.size()) {
            String nodeId = text(reply.get(i));
            int pairs = ((Long) reply.get(i + 1)).intValue();
            Map<String, Integer> fields = new HashMap<>();
            for (int p = 0; p < pairs; p++) {
                fields.put(text(reply.get(i + 2 + 2 * p)), Integer.parseInt(text(reply.get(i + 3 + 2 * p))));
            }
            i += 2 + 2 * pairs;
            if (!nodeId.equals(this.node.id())) {
                nodes.put(nodeId, fields);
            }
        }
        return nodes;
    }

    private byte[] nodeKey(String nodeId) {
        return this.keys.key("node:" + nodeId);
    }

    private static String text(Object value) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }

    /** Stops reporting without leaving, as an instance that was killed does; for tests. */
    void halt() {
        this.running = false;
        this.reporter.shutdownNow();
    }

    /** On a clean shutdown the instance leaves the counts at once instead of after the timeout. */
    @Override
    public void stop() {
        this.running = false;
        this.reporter.shutdownNow();
        try {
            this.redis.commands().del(nodeKey(this.node.id()));
            this.redis.commands().zrem(this.keys.key("nodes"), RedisKeys.bytes(this.node.id()));
        }
        catch (RuntimeException ex) {
            // Redis away: the report expires by itself
        }
    }
}
