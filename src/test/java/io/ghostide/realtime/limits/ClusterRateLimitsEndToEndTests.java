package io.ghostide.realtime.limits;

import io.ghostide.realtime.support.HttpProbe;
import io.ghostide.realtime.support.ServerInstance;
import io.ghostide.realtime.support.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In {@code redis} mode a client's buckets are shared by every instance: a client alternating
 * between two instances on one Redis gets the one limit, not two. The upgrade bucket shows it:
 * a burst of 6, refilled at 1 a second, is what the test meets on a busy machine.
 */
class ClusterRateLimitsEndToEndTests {

    @RegisterExtension
    static final TwoInstances cluster = TwoInstances.of("rate",
            "ghostide.rate-limit.upgrades-per-second=1", "ghostide.rate-limit.upgrades-burst=6");

    @Test
    void aClientAlternatingBetweenInstancesGetsTheOneLimit() throws Exception {
        int upgraded = 0;
        HttpProbe.Response refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            ServerInstance instance = i % 2 == 0 ? cluster.a() : cluster.b();
            HttpProbe.Response response = HttpProbe.upgrade(instance.port(), "/ws/alternating-" + i);
            if (response.upgraded()) {
                upgraded++;
            }
            else {
                refused = response;
            }
        }
        assertThat(refused).as("an upgrade past the one shared burst is refused").isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        // one burst of 6 and what refilled meanwhile; two buckets would have let 12 and more through
        assertThat(upgraded).isBetween(6, 11);
    }
}
