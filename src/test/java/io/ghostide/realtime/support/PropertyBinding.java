package io.ghostide.realtime.support;

import java.util.Map;

import jakarta.validation.Validation;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binds and validates a {@code @ConfigurationProperties} record from a map, as the application does at startup. */
public final class PropertyBinding {

    private static final Validator VALIDATOR = new SpringValidatorAdapter(
            Validation.buildDefaultValidatorFactory().getValidator());

    private PropertyBinding() {
    }

    /** The record bound from {@code properties} (full names, {@code prefix} included) and validated. */
    public static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(prefix, Bindable.of(type), new ValidationBindHandler(VALIDATOR));
    }

    /**
     * Asserts that {@code prefix.property=value} fails at binding with exactly one error, on
     * {@code field}, whose message contains {@code reason}.
     */
    public static void assertRefused(String prefix, Class<?> type, String property, String value, String field,
            String reason) {
        assertThatThrownBy(() -> bind(prefix, type, Map.of(prefix + "." + property, value)))
                .isInstanceOf(BindException.class)
                .rootCause().isInstanceOfSatisfying(BindValidationException.class, ex -> {
                    assertThat(ex.getValidationErrors().getName()).hasToString(prefix);
                    assertThat(ex.getValidationErrors().getAllErrors()).singleElement().satisfies(error -> {
                        assertThat(error).isInstanceOfSatisfying(FieldError.class,
                                fieldError -> assertThat(fieldError.getField()).isEqualTo(field));
                        assertThat(error.getDefaultMessage()).contains(reason);
                    });
                });
    }
}
