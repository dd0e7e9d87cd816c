package io.ghostide.realtime.presence;

import io.ghostide.realtime.cluster.ClusterNode;
import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Presence shared through Redis, when {@code ghostide.cluster.mode=redis}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
class RedisPresenceConfiguration {

    @Bean
    RedisPresenceStore redisPresenceStore(RedisConnections redis, RedisKeys keys, ClusterNode node,
            ClusterProperties properties) {
        return new RedisPresenceStore(redis, keys, node, properties);
    }

    @Bean
    PresenceReaper presenceReaper(RedisPresenceStore store, PresenceTracker tracker, ClusterProperties properties) {
        return new PresenceReaper(store, tracker, properties.heartbeat());
    }
}
