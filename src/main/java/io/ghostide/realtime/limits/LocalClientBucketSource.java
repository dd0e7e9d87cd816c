package io.ghostide.realtime.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/** Buckets in this process, for {@code ghostide.cluster.mode=local} and for connections in any mode. */
final class LocalClientBucketSource implements ClientBucketSource {

    // the key names nothing here: RateLimiter keeps one bucket per key itself
    @Override
    public Bucket bucket(String key, Bandwidth limit) {
        return Bucket.builder().addLimit(limit).build();
    }
}
