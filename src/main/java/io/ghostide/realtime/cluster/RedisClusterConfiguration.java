package io.ghostide.realtime.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The cluster beans of {@code redis} mode: the connections to Redis and how Lettuce behaves while
 * it is away, the leases every instance counts together, and a {@code cluster} health check (in
 * the readiness group) that is up while Redis answers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
class RedisClusterConfiguration {

    @Bean
    RedisAvailability redisAvailability(RedisConnectionFactory connectionFactory) {
        return new RedisAvailability(connectionFactory);
    }

    @Bean
    RedisConnections redisConnections(LettuceConnectionFactory connectionFactory,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        return new RedisConnections(connectionFactory, timeout);
    }

    /** A place held by an instance that died lapses within the node timeout, as its connection counts do. */
    @Bean
    SharedLeases redisSharedLeases(RedisConnections redis, RedisKeys keys, ClusterProperties properties) {
        return new RedisLeases(redis, keys, properties.nodeTimeout());
    }

    /**
     * While Redis is away, a command fails at once instead of waiting in Lettuce's queue: one
     * that timed out there would still run after the reconnect, and a publish reported failed
     * would then reach subscribers after all.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * Lettuce's default reconnect backoff doubles up to 30 s, so after an outage of a minute an
     * instance could stay unready for half a minute more after Redis is back. Capped at one
     * second, it reconnects, resubscribes and catches up about a second after Redis returns; one
     * attempt a second per connection is nothing for a Redis that is up.
     */
    @Bean
    ClientResourcesBuilderCustomizer reconnectPromptly() {
        return resources -> resources.reconnectDelay(
                () -> Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }

    @Bean(name = "clusterHealthIndicator")
    HealthIndicator redisClusterHealthIndicator(ClusterNode node, RedisAvailability redis) {
        return () -> {
            Duration latency = redis.ping();
            Health.Builder health = (latency != null) ? Health.up().withDetail("ping_ms", latency.toMillis())
                    : Health.down().withDetail("error", "Redis is unreachable");
            return health.withDetail("mode", "redis").withDetail("node", node.id()).build();
        };
    }
}
