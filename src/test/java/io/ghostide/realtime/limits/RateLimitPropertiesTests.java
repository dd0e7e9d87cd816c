package io.ghostide.realtime.limits;

import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.PropertyBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPropertiesTests {

    /** Idle buckets are looked for every 10 s unless told otherwise. */
    @Test
    void theSweepIntervalIsTenSecondsByDefault() {
        RateLimitProperties properties = PropertyBinding.bind("ghostide.rate-limit", RateLimitProperties.class, Map.of());
        assertThat(properties.sweepInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    /** A sweep interval under a second, a sweep of every bucket on nearly every request, fails at startup. */
    @Test
    void aSweepIntervalUnderASecondIsRefused() {
        PropertyBinding.assertRefused("ghostide.rate-limit", RateLimitProperties.class, "sweep-interval", "100ms",
                "sweepInterval", "1 second");
    }
}
