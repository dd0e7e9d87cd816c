package io.ghostide.realtime.system;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import org.springframework.validation.FieldError;

/**
 * Failed Bean Validation said in the wire's terms, for both an HTTP problem detail and an
 * {@code error} message: {@code "session_id must not be blank; timeout must be less than or equal
 * to 300"}, snake_case field names, clauses sorted.
 */
public final class Violations {

    private Violations() {
    }

    /** The violations of a validated object, such as a client command's {@code data}. */
    public static String describe(Collection<? extends ConstraintViolation<?>> violations) {
        return describe(violations.stream().map(violation ->
                snakeCase(violation.getPropertyPath().toString()) + " " + violation.getMessage()));
    }

    /** The field errors of a request body that {@code @Valid} refused. */
    public static String describeFieldErrors(Collection<FieldError> errors) {
        return describe(errors.stream().map(error ->
                snakeCase(error.getField()) + " " + Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid")));
    }

    private static String describe(Stream<String> clauses) {
        return clauses.sorted().collect(Collectors.joining("; "));
    }

    // property paths are Java names; the client knows the wire's snake_case
    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
