package io.ghostide.realtime.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The node's identity, its metrics tag and the {@code cluster} health check that the readiness
 * group includes: always up in {@code local} mode, up in {@code redis} mode while Redis answers.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    ClusterNode clusterNode(ClusterProperties properties) {
        return ClusterNode.of(properties);
    }

    /** Every meter carries the node id, so a dashboard can tell instances apart and sum them. */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeTag(ClusterNode node) {
        return registry -> registry.config().commonTags("node", node.id());
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    HealthIndicator clusterHealthIndicator(ClusterNode node) {
        return () -> Health.up().withDetail("mode", "local").withDetail("node", node.id()).build();
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    RedisAvailability redisAvailability(RedisConnectionFactory connectionFactory) {
        return new RedisAvailability(connectionFactory);
    }

    @Bean
    RedisKeys redisKeys(ClusterProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    RedisConnections redisConnections(LettuceConnectionFactory connectionFactory,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        return new RedisConnections(connectionFactory, timeout);
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    SharedLeases localSharedLeases() {
        return SharedLeases.local();
    }

    /** A place held by an instance that died lapses within the node timeout, as its connection counts do. */
    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    SharedLeases redisSharedLeases(RedisConnections redis, RedisKeys keys, ClusterProperties properties) {
        return new RedisLeases(redis, keys, properties.nodeTimeout());
    }

    /**
     * While Redis is away, a command fails at once instead of waiting in Lettuce's queue: one
     * that timed out there would still run after the reconnect, and a publish reported failed
     * would then reach subscribers after all.
     */
    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
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
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    ClientResourcesBuilderCustomizer reconnectPromptly() {
        return resources -> resources.reconnectDelay(
                () -> Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }

    @Bean(name = "clusterHealthIndicator")
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    HealthIndicator redisClusterHealthIndicator(ClusterNode node, RedisAvailability redis) {
        return () -> {
            Duration latency = redis.ping();
            Health.Builder health = (latency != null) ? Health.up().withDetail("ping_ms", latency.toMillis())
                    : Health.down().withDetail("error", "Redis is unreachable");
            return health.withDetail("mode", "redis").withDetail("node", node.id()).build();
        };
    }
}
