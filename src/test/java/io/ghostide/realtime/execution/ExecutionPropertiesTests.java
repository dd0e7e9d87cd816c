package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.Map;

import io.ghostide.realtime.support.PropertyBinding;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionPropertiesTests {

    /** Binds and validates the settings as the application does at startup. */
    static ExecutionProperties bind(Map<String, String> properties) {
        return PropertyBinding.bind("ghostide.execution", ExecutionProperties.class, properties);
    }

    @Test
    void theDefaultsAreSafe() {
        ExecutionProperties properties = bind(Map.of());
        assertThat(properties.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(properties.memory()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(properties.maxOutput()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.maxProcesses()).isEqualTo(64);
        assertThat(properties.allowUnsandboxed()).isFalse();
        assertThat(properties.isolation()).isEqualTo(ExecutionProperties.Isolation.AUTO);
        assertThat(properties.effectiveMaxConcurrent()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(properties.queueCapacity()).isEqualTo(4);
    }

    @Test
    void aValueOutOfRangeFailsNamingTheBoundOfItsProperty() {
        assertRefused("max-timeout", "10m", "maxTimeout", "300");
        assertRefused("flush-interval", "1s", "flushInterval", "90");
        assertRefused("max-processes", "0", "maxProcesses", "greater than or equal to 1");
        assertRefused("memory", "8MB", "memory", "at least 16MB");
    }

    @Test
    void theChecksThatSpanTwoSettingsNameBoth() {
        assertRefused("max-timeout", "20s", "maxTimeoutAtLeastDefaultTimeout", "max-timeout must be at least default-timeout");
        assertRefused("uid-count", "10000", "uidRangeBelowTheOverflowUid", "uid-base + uid-count must be at most 65534");
        assertRefused("executables.cobol", "/usr/bin/cobc", "everyExecutableKeyedByALanguage",
                "executables must be keyed by language ids");
    }

    private static void assertRefused(String property, String value, String field, String reason) {
        PropertyBinding.assertRefused("ghostide.execution", ExecutionProperties.class, property, value, field, reason);
    }
}
