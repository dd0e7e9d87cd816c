package io.ghostide.realtime.limits;

import java.net.InetAddress;

import io.ghostide.realtime.support.HttpProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket upgrades are rate limited per client on both paths together: a loop that opens and
 * closes sockets on new session ids is answered 429 with {@code Retry-After} once past the
 * burst, whichever loopback address it binds. The refill is slow here (1/s) so the burst of 5 is
 * what the test meets on a busy machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "ghostide.rate-limit.upgrades-per-second=1", "ghostide.rate-limit.upgrades-burst=5" })
class UpgradeRateLimitsEndToEndTests {

    @LocalServerPort
    int port;

    @Test
    void aLoopOfUpgradesOnNewSessionIdsGets429WithRetryAfterOnBothPaths() throws Exception {
        int upgraded = 0;
        HttpProbe.Response refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            String path = i % 2 == 0 ? "/ws/churn-" + i : "/stomp";
            // a new source address each time: on loopback it buys no new bucket
            HttpProbe.Response response = HttpProbe.upgradeFrom(InetAddress.getByName("127.0.0." + (2 + i)), this.port, path);
            if (response.upgraded()) {
                upgraded++;
            }
            else {
                refused = response;
            }
        }
        assertThat(refused).as("an upgrade past the burst is refused").isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().get("retry-after"))).isPositive();
        assertThat(refused.body()).contains("ghostide.rate-limit.upgrades-per-second");
        // the burst, and at most what refilled while the loop ran
        assertThat(upgraded).isBetween(5, 20);
    }
}
