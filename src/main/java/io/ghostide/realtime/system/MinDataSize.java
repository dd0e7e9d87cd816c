package io.ghostide.realtime.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** A {@link DataSize} setting of at least {@link #value()}, written as in configuration ({@code "16MB"}); null passes. */
@Documented
@Constraint(validatedBy = MinDataSize.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface MinDataSize {

    /** The smallest size allowed. */
    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Compares the size with the annotation's minimum. */
    class Validator implements ConstraintValidator<MinDataSize, DataSize> {

        private DataSize minimum = DataSize.ofBytes(0);

        @Override
        public void initialize(MinDataSize annotation) {
            this.minimum = DataSize.parse(annotation.value());
        }

        @Override
        public boolean isValid(@Nullable DataSize value, ConstraintValidatorContext context) {
            return value == null || value.compareTo(this.minimum) >= 0;
        }
    }
}
