package io.ghostide.realtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Shared places in a real {@code redis-server}, each instance with its own connection: a cap holds
 * for every instance together even when they race for the last place, a place given back is free
 * for all, the places of an instance that stopped renewing them lapse, renewed ones do not, and
 * without Redis a take is refused rather than granted.
 */
class RedisLeasesTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    private final List<RedisLeases> instances = new ArrayList<>();

    private RedisLeases instance(Duration lease) {
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redisServer.server()));
        RedisLeases leases = new RedisLeases(connections.connections(), new RedisKeys("test:"), lease);
        this.instances.add(leases);
        return leases;
    }

    @AfterEach
    void stopInstances() {
        this.instances.forEach(RedisLeases::destroy);
        redisServer.closeOpened();
    }

    @Test
    void instancesRacingForTheLastPlacesNeverTakeMoreThanTheCap() throws Exception {
        RedisLeases a = instance(Duration.ofSeconds(15));
        RedisLeases b = instance(Duration.ofSeconds(15));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SharedLeases.Lease>> tries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RedisLeases on = i % 2 == 0 ? a : b;
            String holder = "racer-" + i;
            tries.add(threads.submit(() -> {
                go.await();
                return on.take("race", 5, holder);
            }));
        }
        go.countDown();
        long taken = 0;
        for (Future<SharedLeases.Lease> attempt : tries) {
            if (attempt.get() != null) {
                taken++;
            }
        }
        threads.shutdown();
        assertThat(taken).isEqualTo(5);
        assertThat(a.heldCount() + b.heldCount()).isEqualTo(5);
    }

    @Test
    void aPlaceGivenBackOnOneInstanceIsFreeOnTheOther() {
        RedisLeases a = instance(Duration.ofSeconds(15));
        RedisLeases b = instance(Duration.ofSeconds(15));
        SharedLeases.Lease first = a.take("give-back", 1, "first");
        assertThat(first).isNotNull();
        assertThat(b.take("give-back", 1, "second")).isNull();
        first.close();
        // closing twice gives back nothing more
        first.close();
        assertThat(b.take("give-back", 1, "second")).isNotNull();
        assertThat(a.take("give-back", 1, "third")).isNull();
    }

    @Test
    void thePlacesOfAnInstanceThatStoppedLapseWhileRenewedOnesStay() {
        RedisLeases renewing = instance(Duration.ofSeconds(2));
        RedisLeases stopped = instance(Duration.ofSeconds(2));
        RedisLeases other = instance(Duration.ofSeconds(2));
        assertThat(renewing.take("lapse-kept", 1, "kept")).isNotNull();
        assertThat(stopped.take("lapse-gone", 1, "gone")).isNotNull();
        // as a killed instance: nobody renews its places, nobody gives them back
        stopped.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            SharedLeases.Lease freed = other.take("lapse-gone", 1, "newcomer");
            return freed != null;
        });
        // several lease times later the renewed place still holds
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                .until(() -> other.take("lapse-kept", 1, "intruder") == null);
    }

    @Test
    void withoutRedisATakeIsRefusedNotGranted() {
        RedisLeases a = instance(Duration.ofSeconds(15));
        assertThat(a.take("outage", 1, "before")).isNotNull();
        redisServer.server().kill();
        try {
            assertThatThrownBy(() -> a.take("outage", 5, "during")).isInstanceOf(SharedStateUnavailableException.class)
                    .hasMessageContaining("Redis is unreachable");
        }
        finally {
            redisServer.server().restart();
        }
    }
}
