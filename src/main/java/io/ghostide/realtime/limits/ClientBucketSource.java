package io.ghostide.realtime.limits;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Where the token buckets of clients (REST callers, upgrading clients), and Ghost's budget of
 * reactions per session, live: in this process
 * ({@link LocalClientBucketSource}, {@code ghostide.cluster.mode=local}) or in Redis, one bucket
 * per key for every instance ({@link RedisClientBucketSource}, {@code redis}), so that N
 * instances give a client the one limit, not N. Chosen once in {@link RateLimitConfiguration}.
 */
public interface ClientBucketSource {

    /** The bucket named {@code key} with {@code limit}; in Redis one for every instance. */
    Bucket bucket(String key, Bandwidth limit);

    /** The bucket named {@code key}, holding {@code burst} tokens and getting {@code perSecond} back each second. */
    default Bucket bucket(String key, int burst, int perSecond) {
        return bucket(key, bandwidth(burst, perSecond));
    }

    /** The one shape of every bucket: {@code burst} tokens, {@code perSecond} back each second, refilled greedily. */
    static Bandwidth bandwidth(int burst, int perSecond) {
        return Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build();
    }
}
