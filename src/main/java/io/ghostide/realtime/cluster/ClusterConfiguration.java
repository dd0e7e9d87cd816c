package io.ghostide.realtime.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names this instance ({@link ClusterNode}, also the {@code node} tag of every meter) and, in
 * {@code local} mode, gives the cluster beans that need nothing shared: a {@code cluster} health
 * check (in the readiness group) that is always up, and leases held in this process. Their
 * {@code redis} mode counterparts are {@link RedisClusterConfiguration}'s.
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
    RedisKeys redisKeys(ClusterProperties properties) {
        return new RedisKeys(properties.keyPrefix());
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    SharedLeases localSharedLeases() {
        return SharedLeases.local();
    }
}
