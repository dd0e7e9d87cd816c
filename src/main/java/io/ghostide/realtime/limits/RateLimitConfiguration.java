package io.ghostide.realtime.limits;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses where the buckets of clients live, by {@code ghostide.cluster.mode}. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "local", matchIfMissing = true)
    ClientBucketSource localClientBucketSource() {
        return new LocalClientBucketSource();
    }

    @Bean
    @ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
    ClientBucketSource redisClientBucketSource(RedisConnections redis, RedisKeys keys) {
        return new RedisClientBucketSource(redis, keys);
    }
}
