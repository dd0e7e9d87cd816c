package io.ghostide.realtime.sessionlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

import static io.ghostide.realtime.sessionlog.RedisLogCodec.text;

/**
 * The session log in Redis, for {@code ghostide.cluster.mode=redis}: one ordered log per
 * session that every instance shares, written and read by Lua scripts ({@link RedisLogScripts}).
 * An append is one script that increments the session's counter (its epoch beside it), adds the
 * envelope to the session's stream, trims and expires it and publishes it on the session's
 * channel, all atomically, so {@code seq} order, history order and pub/sub order are one order;
 * what arrives on the channel reaches this instance's listener through {@link RedisLogFollower}.
 * The same script counts every history against {@code total-history-bytes} and names the
 * sessions to trim, which {@link RedisHistoryBudget} does, and keeps at most {@code max-sessions}
 * counters.
 */
final class RedisSessionLog implements SessionLog, GuardedSessionLog, DisposableBean {

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final RedisLogScripts scripts;

    private final RedisHistoryBudget budget;

    // names this instance in the transient messages it publishes
    private final String origin = RedisLogCodec.newEpoch();

    private final RedisLogFollower follower;

    RedisSessionLog(RedisConnections redis, RedisKeys keys, SessionLogListener listener,
            SessionLogProperties properties, Predicate<String> inUse, Duration subscribeGrace, MeterRegistry meterRegistry) {
        this.redis = redis;
        this.keys = keys;
        this.budget = new RedisHistoryBudget(redis, keys, meterRegistry);
        this.scripts = new RedisLogScripts(redis, keys, properties);
        // the counters of the sessions in use here are kept alive
        this.follower = new RedisLogFollower(redis, keys, listener, inUse, this.scripts::keep, subscribeGrace,
                this.origin, meterRegistry);
    }

    @Override
    public long append(String sessionId, UnsequencedEnvelope envelope) {
        return (Long) appendWith(sessionId, () -> this.scripts.append(sessionId, envelope)).get(0);
    }

    @Override
    public List<Object> appendGuarded(String sessionId, UnsequencedEnvelope envelope, RedisConnections.Script script,
            byte[][] guardKeys, byte[]... guardArgs) {
        return appendWith(sessionId, () -> this.scripts.append(script, sessionId, envelope, guardKeys, guardArgs));
    }

    private List<Object> appendWith(String sessionId, Supplier<List<Object>> append) {
        try {
            // this instance hears its own appends like everyone's, through the channel
            this.follower.subscribe(sessionId, false);
            List<Object> reply = append.get();
            if ((Long) reply.get(0) > 0 && reply.size() > 2) {
                this.budget.trim(reply.subList(2, reply.size()));
            }
            return reply;
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    @Override
    public LogSnapshot read(String sessionId, @Nullable ResumePoint from) {
        List<Object> reply;
        try {
            // subscribed first: every entry after the snapshot then reaches this instance's channel
            this.follower.subscribe(sessionId, true);
            reply = this.scripts.read(sessionId, from != null ? from.since() : -1);
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        String epoch = text(reply.get(0));
        long seq = (Long) reply.get(1);
        long first = (Long) reply.get(2);
        this.follower.observed(sessionId, epoch, seq);
        if (from == null) {
            return LogSnapshot.position(epoch, seq, null);
        }
        if (!from.recoverableFrom(epoch, first, seq)) {
            return LogSnapshot.position(epoch, seq, false);
        }
        List<byte[]> missed = new ArrayList<>(reply.size() - 3);
        for (int i = 3; i < reply.size(); i++) {
            missed.add((byte[]) reply.get(i));
        }
        return new LogSnapshot(epoch, seq, true, missed);
    }

    @Override
    public @Nullable KeptEntries kept(String sessionId, String epoch, long upTo) {
        try {
            return RedisSessionStream.kept(commands(), this.keys, sessionId, epoch, upTo);
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    /**
     * Publishes on the session's channel as {@code -(dropAtBacklog + 1):origin:json}: a negative
     * {@code seq} that no entry has, so instances tell it apart, and this instance's origin so it
     * skips its own.
     */
    @Override
    public void broadcastTransient(String sessionId, byte[] json, long dropAtBacklog) {
        byte[] head = RedisKeys.bytes(-(dropAtBacklog + 1) + ":" + this.origin + ":");
        byte[] message = Arrays.copyOf(head, head.length + json.length);
        System.arraycopy(json, 0, message, head.length, json.length);
        try {
            commands().publish(this.keys.sessionChannel(sessionId), message);
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    // ---- helpers

    private RedisCommands<byte[], byte[]> commands() {
        return this.redis.commands();
    }

    @Override
    public void destroy() {
        this.follower.shutdown();
    }
}
