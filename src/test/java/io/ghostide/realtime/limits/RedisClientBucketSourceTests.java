package io.ghostide.realtime.limits;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket contract in a real {@code redis-server}, and what only it does: one bucket for every instance. */
class RedisClientBucketSourceTests extends ClientBucketSourceContractTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    @Override
    protected ClientBucketSource createSource() {
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redisServer.server()));
        return new RedisClientBucketSource(connections.connections(), new RedisKeys("test:"));
    }

    @Test
    void twoInstancesTakeFromOneBucket() {
        String key = "shared-" + System.nanoTime();
        ClientBucketSource onA = createSource();
        ClientBucketSource onB = createSource();
        assertThat(onA.bucket(key, 2, 1).tryConsume(1)).isTrue();
        assertThat(onB.bucket(key, 2, 1).tryConsume(1)).isTrue();
        assertThat(onA.bucket(key, 2, 1).tryConsume(1)).isFalse();
    }
}
