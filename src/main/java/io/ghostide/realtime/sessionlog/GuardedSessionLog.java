package io.ghostide.realtime.sessionlog;

import java.util.List;

import io.ghostide.realtime.cluster.RedisConnections;

/**
 * The Redis session log's append, preceded in the same Lua script by a guard that checks and
 * writes other state first ({@code ghostide.cluster.mode=redis} only). Redis runs a script as
 * one step, so the guard's check, its writes and the envelope's {@code seq} can be interleaved
 * with nothing another instance does: whatever order the guard's writes have, their envelopes
 * have the same {@code seq} order. A guard that refuses returns before the append, with a reply
 * whose first element is negative, and no {@code seq} is used up.
 */
public interface GuardedSessionLog {

    /**
     * The append script with {@code guard} (a script under {@code redis/} on the class path) run
     * first. The guard reads its keys from {@code KEYS[7]} and its arguments from
     * {@code ARGV[13]} on; the first six keys and twelve arguments are the append's.
     */
    static RedisConnections.Script script(String guard) {
        return RedisConnections.Script.load("session-log-append.lua", "session-counters.lua", guard);
    }

    /**
     * Runs {@code script} (from {@link #script}) for {@code envelope} with the guard's keys and
     * arguments.
     *
     * @return the guard's refusal (first element negative), or {seq, epoch, ...} when appended
     * @throws io.ghostide.realtime.system.SharedStateUnavailableException when Redis is unreachable
     */
    List<Object> appendGuarded(String sessionId, UnsequencedEnvelope envelope, RedisConnections.Script script,
            byte[][] guardKeys, byte[]... guardArgs);
}
