package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionPropertiesTests {

    static ExecutionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("ghostide.execution", ExecutionProperties.class);
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
    void aValueOutOfRangeFailsWithTheNameOfTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("ghostide.execution.max-timeout", "10m")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("ghostide.execution.max-timeout");
        assertThatThrownBy(() -> bind(Map.of("ghostide.execution.flush-interval", "1s")))
                .rootCause().hasMessageContaining("ghostide.execution.flush-interval");
        assertThatThrownBy(() -> bind(Map.of("ghostide.execution.executables.cobol", "/usr/bin/cobc")))
                .rootCause().hasMessageContaining("ghostide.execution.executables");
        assertThatThrownBy(() -> bind(Map.of("ghostide.execution.max-processes", "0")))
                .rootCause().hasMessageContaining("ghostide.execution.max-processes");
    }
}
