package io.ghostide.realtime.system;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The rule every IDE session id obeys, checked wherever one enters the server. */
public final class SessionIds {

    /** The contract's pattern for a session id. */
    public static final String PATTERN = "^[A-Za-z0-9_-]{1,64}$";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SessionIds() {
    }

    /** Whether {@code candidate} is a well-formed session id. */
    public static boolean isValid(@Nullable String candidate) {
        return candidate != null && COMPILED.matcher(candidate).matches();
    }

    /** Returns {@code candidate} if valid, else throws {@link InvalidSessionIdException}. */
    public static String requireValid(@Nullable String candidate) {
        if (!isValid(candidate)) {
            throw new InvalidSessionIdException(candidate);
        }
        return candidate;
    }
}
