package io.ghostide.realtime.limits;

import java.time.Duration;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import org.jspecify.annotations.Nullable;

/**
 * Buckets in Redis for {@code ghostide.cluster.mode=redis}, through Bucket4j's Lettuce back end
 * (compare-and-swap on one key per bucket, {@code rate:<key>}): every instance takes from the same
 * bucket. A bucket's key expires once it would be full again, which loses nothing.
 */
final class RedisClientBucketSource implements ClientBucketSource {

    private final RedisConnections redis;

    private final RedisKeys keys;

    // made on first use: an instance starts while Redis is down, as the other Redis seams do
    private volatile @Nullable ProxyManager<byte[]> buckets;

    RedisClientBucketSource(RedisConnections redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(limit).build();
        return buckets().builder().build(this.keys.key("rate:" + key), () -> configuration);
    }

    private ProxyManager<byte[]> buckets() {
        ProxyManager<byte[]> buckets = this.buckets;
        if (buckets == null) {
            synchronized (this) {
                buckets = this.buckets;
                if (buckets == null) {
                    buckets = Bucket4jLettuce.casBasedBuilder(this.redis.commands().getStatefulConnection())
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(5)))
                            .build();
                    this.buckets = buckets;
                }
            }
        }
        return buckets;
    }
}
