package io.ghostide.realtime.presence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * Presence shared by every instance through Redis, for {@code ghostide.cluster.mode=redis}: one
 * hash per session, a field per present connection, each entry naming the instance that holds
 * the connection and its life (a random token per start). An instance adds and removes only its
 * own connections. Entries of an instance whose connection report (see
 * {@code ghostide.cluster.node-timeout}) has expired are left out of every answer, so the
 * connections of an instance that was killed drop out within the timeout; so are those of an
 * earlier life of an instance restarted under the same node id.
 */
final class RedisPresenceStore implements PresenceStore {

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final ClusterNode node;

    private final ClusterProperties properties;

    private final RedisConnections.Script addScript = RedisConnections.Script.load("presence-add.lua");

    private final RedisConnections.Script entriesScript =
            RedisConnections.Script.load("presence-entries.lua", "presence-lives.lua");

    private final RedisConnections.Script reapScript =
            RedisConnections.Script.load("presence-reap.lua", "presence-lives.lua");

    private final RedisConnections.Script forgetNodeScript = RedisConnections.Script.load("presence-forget-node.lua");

    private final String token = UUID.randomUUID().toString();

    // "session id\nconnection id" of the leaves that failed while Redis was away; done before anything else
    private final Set<String> pendingRemovals = ConcurrentHashMap.newKeySet();

    // this node id had an earlier life whose entries may remain, until a reap finds none left
    private volatile boolean earlierLife;

    RedisPresenceStore(RedisConnections redis, RedisKeys keys, ClusterNode node, ClusterProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.node = node;
        this.properties = properties;
        try {
            // the entries of this node id's previous life are dead from now on, not only from the first join
            this.earlierLife = redis.commands().getset(keys.presenceNode(node.id()), RedisKeys.bytes(this.token)) != null;
        }
        catch (RuntimeException ex) {
            // Redis away at start-up: the first join sets it
        }
    }

    @Override
    public boolean add(String sessionId, PresenceEntry entry) {
        try {
            removePending();
            Long added = this.addScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                    new byte[][] { this.keys.presence(sessionId), this.keys.presenceNode(this.node.id()) },
                    RedisKeys.bytes(entry.connectionId()), RedisKeys.bytes(encode(entry)), RedisKeys.bytes(this.token));
            return added == 1;
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    @Override
    public @Nullable PresenceEntry remove(String sessionId, String connectionId) {
        byte[] key = this.keys.presence(sessionId);
        byte[] field = RedisKeys.bytes(connectionId);
        try {
            removePending();
            // only this instance writes its connections' entries, so nothing comes between the two
            byte[] value = this.redis.commands().hget(key, field);
            if (value == null || this.redis.commands().hdel(key, field) == 0) {
                return null;
            }
            return decode(value);
        }
        catch (RedisException | SharedStateUnavailableException ex) {
            // the connection is gone all the same: its entry goes as soon as Redis answers again
            this.pendingRemovals.add(sessionId + "\n" + connectionId);
            throw ex instanceof RedisException redisException ? RedisConnections.unavailable(redisException)
                    : (SharedStateUnavailableException) ex;
        }
    }

    // in the order they failed does not matter: each names a connection that has left for good
    private void removePending() {
        for (String pending : this.pendingRemovals) {
            int newline = pending.indexOf('\n');
            this.redis.commands().hdel(this.keys.presence(pending.substring(0, newline)),
                    RedisKeys.bytes(pending.substring(newline + 1)));
            this.pendingRemovals.remove(pending);
        }
    }

    @Override
    public List<PresenceEntry> entries(String sessionId) {
        List<byte[]> values;
        try {
            removePending();
            values = this.entriesScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                    new byte[][] { this.keys.presence(sessionId) }, livesArgs());
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        List<PresenceEntry> entries = new ArrayList<>();
        for (byte[] value : values) {
            entries.add(decode(value));
        }
        entries.sort(Comparator.comparing(PresenceEntry::joinedAt).thenComparing(PresenceEntry::connectionId));
        return entries;
    }

    /**
     * Takes out of every session the entries of instance lives that are gone (stopped reporting,
     * or restarted under the same id), and returns them; the script that removes an entry returns
     * it to one caller only, so across the cluster each is returned once. The sessions are
     * scanned only while such a life may have entries left, so it costs one small scan otherwise.
     */
    List<Departure> reapGone() {
        RedisCommands<byte[], byte[]> commands = this.redis.commands();
        Map<String, byte[]> gone = goneLives(commands);
        if (gone.isEmpty() && !this.earlierLife) {
            return List.of();
        }
        List<Departure> departures = new ArrayList<>();
        String empty = text(this.keys.presence(""));
        String hashes = glob(empty.substring(0, empty.length() - 1)) + "*}";
        long young = 0;
        for (byte[] key : scan(commands, hashes)) {
            List<Object> reaped = this.reapScript.run(commands, ScriptOutputType.MULTI, new byte[][] { key }, livesArgs());
            young += (Long) reaped.get(0);
            String sessionId = sessionOf(text(key));
            for (Object value : reaped.subList(1, reaped.size())) {
                departures.add(new Departure(sessionId, decode((byte[]) value)));
            }
        }
        if (young == 0) {
            // nothing of theirs can appear any more: stop scanning for them
            this.earlierLife = false;
            gone.forEach((nodeId, token) -> this.forgetNodeScript.run(commands, ScriptOutputType.INTEGER,
                    new byte[][] { this.keys.node(nodeId), this.keys.presenceNode(nodeId) }, token));
        }
        return departures;
    }

    // node id -> life token, of the other instances that hold a token but no longer report
    private Map<String, byte[]> goneLives(RedisCommands<byte[], byte[]> commands) {
        String tokens = text(this.keys.presenceNode(""));
        Map<String, byte[]> gone = new HashMap<>();
        for (byte[] key : scan(commands, glob(tokens) + "*")) {
            String nodeId = text(key).substring(tokens.length());
            if (!nodeId.equals(this.node.id()) && commands.exists(this.keys.node(nodeId)) == 0) {
                byte[] token = commands.get(key);
                if (token != null) {
                    gone.put(nodeId, token);
                }
            }
        }
        return gone;
    }

    private static List<byte[]> scan(RedisCommands<byte[], byte[]> commands, String pattern) {
        List<byte[]> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(500);
        KeyScanCursor<byte[]> cursor = commands.scan(args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = commands.scan(cursor, args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    // the session id of a presence hash key, "<prefix>presence:{<session id>}"
    private String sessionOf(String key) {
        String empty = text(this.keys.presence(""));
        return key.substring(empty.length() - 1, key.length() - 1);
    }

    // the key as a SCAN pattern that matches only itself
    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    private byte[][] livesArgs() {
        return new byte[][] { this.keys.node(""), this.keys.presenceNode(""), RedisKeys.bytes(this.node.id()),
                RedisKeys.bytes(this.token), RedisKeys.bytes(Long.toString(this.properties.nodeTimeout().toMillis())) };
    }

    /** A connection taken out of a session's presence because its instance is gone. */
    record Departure(String sessionId, PresenceEntry entry) {
    }

    // "node\ntoken\njoined (epoch ms)\ntransport\nconnection id\njoined (ISO)\nuser": the user last, as it may hold anything
    private String encode(PresenceEntry entry) {
        return this.node.id() + "\n" + this.token + "\n" + entry.joinedAt().toEpochMilli() + "\n" + entry.transport()
                + "\n" + entry.connectionId() + "\n" + entry.joinedAt() + "\n" + entry.user();
    }

    private static PresenceEntry decode(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\n", 7);
        return new PresenceEntry(parts[6], parts[4], parts[3], Instant.parse(parts[5]));
    }
}
