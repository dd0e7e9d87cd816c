package io.ghostide.realtime.sessionlog;

import java.util.Arrays;
import java.util.List;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.ScriptOutputType;

import static io.ghostide.realtime.sessionlog.RedisLogCodec.newEpoch;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.number;

/**
 * The scripts of the Redis session log with the keys and bounds they are given: append, read,
 * and keeping a session in use alive. Append and read both make a session's counter, so both
 * also keep at most {@code ghostide.resume.max-sessions} counters in Redis, in the same atomic
 * step ({@code redis/session-counters.lua}): past it the least recently active sessions without
 * connections on any instance are forgotten, as the in-process log forgets them.
 */
final class RedisLogScripts {

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final SessionLogProperties properties;

    private final RedisConnections.Script appendScript =
            RedisConnections.Script.load("session-log-append.lua", "session-counters.lua");

    private final RedisConnections.Script readScript =
            RedisConnections.Script.load("session-log-read.lua", "session-counters.lua");

    private final RedisConnections.Script keepScript = RedisConnections.Script.load("session-log-keep.lua");

    RedisLogScripts(RedisConnections redis, RedisKeys keys, SessionLogProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
    }

    /** Appends one envelope: {seq, epoch, then pairs of session id and bytes to trim} (see the script). */
    List<Object> append(String sessionId, UnsequencedEnvelope envelope) {
        return append(this.appendScript, sessionId, envelope, new byte[0][], new byte[0][]);
    }

    /** Appends one envelope with {@code script}, the append script or one with a guard before it. */
    List<Object> append(RedisConnections.Script script, String sessionId, UnsequencedEnvelope envelope,
            byte[][] moreKeys, byte[][] moreArgs) {
        byte[][] keys = { this.keys.sessionMeta(sessionId), this.keys.sessionStream(sessionId),
                this.keys.historySizes(), this.keys.historyOrder(), this.keys.historyTotal(),
                this.keys.sessionCounters() };
        byte[][] args = { envelope.prefix(), envelope.suffix(), number(this.properties.historySize()),
                number(this.properties.historyBytes().toBytes()), number(this.properties.historyTtl().toMillis()),
                number(lifetimeMillis()), RedisKeys.bytes(newEpoch()), this.keys.sessionChannel(sessionId),
                number(this.properties.totalHistoryBytes().toBytes()), RedisKeys.bytes(sessionId),
                number(this.properties.maxSessions()), RedisKeys.bytes(this.keys.prefix()) };
        return script.run(this.redis.commands(), ScriptOutputType.MULTI, concat(keys, moreKeys), concat(args, moreArgs));
    }

    private static byte[][] concat(byte[][] first, byte[][] second) {
        byte[][] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The session's position and the entries after {@code since} (-1: none): {epoch, seq, first, entries...}. */
    List<Object> read(String sessionId, long since) {
        return this.readScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                new byte[][] { this.keys.sessionMeta(sessionId), this.keys.sessionStream(sessionId),
                        this.keys.sessionCounters(), this.keys.historySizes(), this.keys.historyOrder(),
                        this.keys.historyTotal() },
                RedisKeys.bytes(newEpoch()), number(lifetimeMillis()), number(since),
                number(this.properties.maxSessions()), RedisKeys.bytes(this.keys.prefix()), RedisKeys.bytes(sessionId));
    }

    /** Keeps the counter of a session with connections here alive, counted as active now. */
    void keep(String sessionId) {
        this.keepScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                new byte[][] { this.keys.sessionMeta(sessionId), this.keys.sessionCounters() },
                number(lifetimeMillis()), RedisKeys.bytes(sessionId));
    }

    /** How long a counter outlives its last use. */
    long lifetimeMillis() {
        return Math.max(this.properties.sessionRetention().toMillis(), this.properties.historyTtl().toMillis());
    }
}
