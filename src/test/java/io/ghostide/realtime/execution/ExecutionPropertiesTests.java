package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import jakarta.validation.Validation;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionPropertiesTests {

    private static final Validator VALIDATOR = new SpringValidatorAdapter(
            Validation.buildDefaultValidatorFactory().getValidator());

    /** Binds and validates the settings as the application does at startup. */
    static ExecutionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("ghostide.execution", Bindable.of(ExecutionProperties.class),
                        new ValidationBindHandler(VALIDATOR));
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
        assertThatThrownBy(() -> bind(Map.of("ghostide.execution." + property, value)))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOfSatisfying(BindValidationException.class, ex -> {
                    assertThat(ex.getValidationErrors().getName()).hasToString("ghostide.execution");
                    assertThat(ex.getValidationErrors().getAllErrors()).singleElement().satisfies(error -> {
                        assertThat(error).isInstanceOfSatisfying(FieldError.class,
                                fieldError -> assertThat(fieldError.getField()).isEqualTo(field));
                        assertThat(error.getDefaultMessage()).contains(reason);
                    });
                });
    }
}
