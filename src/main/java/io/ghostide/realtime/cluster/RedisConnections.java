package io.ghostide.realtime.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Lettuce connections the Redis implementations share: one multiplexed connection for
 * commands and scripts, and one for pub/sub, both made from the client Spring Boot configured
 * ({@code spring.data.redis.*}). They are opened on first use, so an instance starts while Redis
 * is down; once open, Lettuce reconnects them by itself and re-subscribes pub/sub channels.
 * While disconnected, commands fail at once (see {@link ClusterConfiguration}) rather than wait
 * in a queue and run late, so a command reported failed was not done.
 */
public final class RedisConnections implements DisposableBean {

    private final LettuceConnectionFactory factory;

    private final Duration timeout;

    private volatile @Nullable StatefulRedisConnection<byte[], byte[]> commands;

    private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    public RedisConnections(LettuceConnectionFactory factory, Duration timeout) {
        this.factory = factory;
        this.timeout = timeout;
    }

    /** Synchronous commands on the shared connection. */
    public RedisCommands<byte[], byte[]> commands() {
        StatefulRedisConnection<byte[], byte[]> connection = this.commands;
        if (connection == null) {
            synchronized (this) {
                connection = this.commands;
                if (connection == null) {
                    connection = connect(client -> client.connect(ByteArrayCodec.INSTANCE));
                    connection.setTimeout(this.timeout);
                    this.commands = connection;
                }
            }
        }
        return connection.sync();
    }

    /**
     * The pub/sub connection, made by {@code opener} the first time, which adds its listener
     * before anything is subscribed.
     */
    public StatefulRedisPubSubConnection<byte[], byte[]> pubSub(
            java.util.function.Consumer<StatefulRedisPubSubConnection<byte[], byte[]>> onOpen) {
        StatefulRedisPubSubConnection<byte[], byte[]> connection = this.pubSub;
        if (connection == null) {
            synchronized (this) {
                connection = this.pubSub;
                if (connection == null) {
                    connection = connect(client -> client.connectPubSub(ByteArrayCodec.INSTANCE));
                    connection.setTimeout(this.timeout);
                    onOpen.accept(connection);
                    this.pubSub = connection;
                }
            }
        }
        return connection;
    }

    /**
     * A pub/sub connection of the caller's own, which the caller closes: for listeners that must
     * not see the channels of the shared one.
     */
    public StatefulRedisPubSubConnection<byte[], byte[]> newPubSub() {
        StatefulRedisPubSubConnection<byte[], byte[]> connection =
                connect(client -> client.connectPubSub(ByteArrayCodec.INSTANCE));
        connection.setTimeout(this.timeout);
        return connection;
    }

    private <C> C connect(java.util.function.Function<RedisClient, C> opener) {
        try {
            if (!this.factory.isRunning()) {
                this.factory.start();
            }
            return opener.apply((RedisClient) this.factory.getRequiredNativeClient());
        }
        catch (RedisException ex) {
            throw unavailable(ex);
        }
    }

    /** The exception that callers turn into 503, for a failure of Redis. */
    public static SharedStateUnavailableException unavailable(RuntimeException cause) {
        return new SharedStateUnavailableException("Redis is unreachable: " + cause.getMessage(), cause);
    }

    @Override
    public void destroy() {
        StatefulRedisPubSubConnection<byte[], byte[]> pubSub = this.pubSub;
        if (pubSub != null) {
            pubSub.close();
        }
        StatefulRedisConnection<byte[], byte[]> commands = this.commands;
        if (commands != null) {
            commands.close();
        }
    }

    /** A Lua script from the class path, run by its digest, loaded again when Redis forgot it (after a restart). */
    public static final class Script {

        private final String source;

        private final String sha;

        private Script(String source) {
            this.source = source;
            try {
                this.sha = HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /**
         * Reads {@code classpath:redis/<name>}, after the files of {@code parts} in their order: the
         * local functions that several scripts share (Redis has no include).
         */
        public static Script load(String name, String... parts) {
            StringBuilder source = new StringBuilder();
            for (String part : parts) {
                source.append(read(part)).append('\n');
            }
            return new Script(source.append(read(name)).toString());
        }

        private static String read(String name) {
            try (InputStream in = new ClassPathResource("redis/" + name).getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new IllegalStateException("Missing script redis/" + name, ex);
            }
        }

        /** Runs the script; the reply is a list of {@code byte[]} and {@code Long}, as Redis gave it. */
        public <T> T run(RedisCommands<byte[], byte[]> redis, ScriptOutputType type, byte[][] keys, byte[]... args) {
            try {
                return redis.evalsha(this.sha, type, keys, args);
            }
            catch (RedisNoScriptException ex) {
                return redis.eval(this.source, type, keys, args);
            }
        }
    }
}
