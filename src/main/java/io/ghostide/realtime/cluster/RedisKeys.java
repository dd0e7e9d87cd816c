package io.ghostide.realtime.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Names of the Redis keys and channels, all under {@code ghostide.cluster.key-prefix}. A
 * session's keys share a hash tag ({@code {id}}), so a script that touches several of them
 * stays on one shard of a Redis Cluster.
 */
public record RedisKeys(String prefix) {

    /** The hash holding a session's epoch, last seq, history bytes and last publish time. */
    public byte[] sessionMeta(String sessionId) {
        return bytes(this.prefix + "session:{" + sessionId + "}:meta");
    }

    /** The stream holding a session's history, one entry per seq ({@code seq-0}). */
    public byte[] sessionStream(String sessionId) {
        return bytes(this.prefix + "session:{" + sessionId + "}:log");
    }

    /** The channel a session's published envelopes go out on. */
    public byte[] sessionChannel(String sessionId) {
        return bytes(this.prefix + "session:" + sessionId);
    }

    /** The session id a channel of {@link #sessionChannel} belongs to. */
    public String sessionOfChannel(byte[] channel) {
        return new String(channel, StandardCharsets.UTF_8).substring(this.prefix.length() + "session:".length());
    }

    /** Any other key, under the prefix. */
    public byte[] key(String name) {
        return bytes(this.prefix + name);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
