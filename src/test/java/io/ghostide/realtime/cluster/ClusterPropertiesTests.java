package io.ghostide.realtime.cluster;

import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.PropertyBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterPropertiesTests {

    /** An instance keeps following a session 30 s after its last read there unless told otherwise. */
    @Test
    void theSubscribeGraceIsThirtySecondsByDefault() {
        ClusterProperties properties = PropertyBinding.bind("ghostide.cluster", ClusterProperties.class, Map.of());
        assertThat(properties.subscribeGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    /** A subscribe grace under a second fails at startup, naming its bound. */
    @Test
    void aSubscribeGraceUnderASecondIsRefused() {
        PropertyBinding.assertRefused("ghostide.cluster", ClusterProperties.class, "subscribe-grace", "500ms",
                "subscribeGrace", "1 second");
    }
}
