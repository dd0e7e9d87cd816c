package io.ghostide.realtime.support;

import java.time.Duration;

import io.ghostide.realtime.cluster.RedisConnections;
import io.lettuce.core.ClientOptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@link RedisConnections} to a test's {@link RedisServer}, made as the application makes them:
 * commands fail at once while Redis is away and time out after 2 s.
 */
public final class RedisTestConnections implements AutoCloseable {

    private final LettuceConnectionFactory factory;

    private final RedisConnections connections;

    private RedisTestConnections(LettuceConnectionFactory factory, RedisConnections connections) {
        this.factory = factory;
        this.connections = connections;
    }

    public static RedisTestConnections open(RedisServer redis) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
                LettuceClientConfiguration.builder()
                        .clientOptions(ClientOptions.builder()
                                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
                        .commandTimeout(Duration.ofSeconds(2))
                        .build());
        factory.afterPropertiesSet();
        factory.start();
        return new RedisTestConnections(factory, new RedisConnections(factory, Duration.ofSeconds(2)));
    }

    public RedisConnections connections() {
        return this.connections;
    }

    @Override
    public void close() {
        this.connections.destroy();
        this.factory.destroy();
    }
}
