package io.ghostide.realtime.connection;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** Chooses how connections are counted: this process alone, or every instance through Redis. */
@Configuration(proxyBeanMethods = false)
class ClusterStatsConfiguration {

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    ClusterStats localClusterStats(@Lazy ConnectionStats stats) {
        return ClusterStats.local(stats);
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    RedisClusterStats redisClusterStats(RedisConnections redis, RedisKeys keys, ClusterNode node,
            ClusterProperties properties, @Lazy ConnectionStats stats) {
        return new RedisClusterStats(redis, keys, node, properties, stats);
    }
}
