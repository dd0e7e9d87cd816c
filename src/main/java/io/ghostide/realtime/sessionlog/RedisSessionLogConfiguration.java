package io.ghostide.realtime.sessionlog;

import io.ghostide.realtime.cluster.ClusterProperties;
import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.connection.ConnectionStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The session log shared through Redis, when {@code ghostide.cluster.mode=redis}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
class RedisSessionLogConfiguration {

    @Bean
    RedisSessionLog redisSessionLog(RedisConnections redis, RedisKeys keys, SessionLogListener listener,
            SessionLogProperties properties, ClusterProperties cluster, ConnectionStats stats,
            MeterRegistry meterRegistry) {
        return new RedisSessionLog(redis, keys, listener, properties, sessionId -> stats.connectionCount(sessionId) > 0,
                cluster.subscribeGrace(), meterRegistry);
    }
}
