package io.ghostide.realtime.ghost.advice;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The expressions the advice names from the source line an error points at: what a division
 * divides by, and what is indexed with what.
 */
final class LineExpressions {

    private static final Pattern SUBSCRIPT = Pattern.compile("([A-Za-z_$][\\w.$]*(?:\\(\\))?)\\s*\\[([^\\[\\]]+)\\]");

    private static final Set<String> KEYWORDS = Set.of("return", "in", "if", "elif", "else", "and", "or", "not",
            "yield", "for", "while", "is", "lambda", "await", "del", "assert", "case", "new", "typeof");

    // what follows a division or a modulo: a name, a call, an index, maybe in parentheses
    private static final Pattern DIVISOR = Pattern.compile("[/%]\\s*(\\(?[\\w.()\\[\\]]+\\)?)");

    private LineExpressions() {
    }

    /** The first divisor on a source line, as written, or null when the line has no division. */
    static @Nullable String divisor(@Nullable String source) {
        if (source == null) {
            return null;
        }
        Matcher division = DIVISOR.matcher(source);
        return division.find() ? division.group(1) : null;
    }

    /**
     * The first subscript on a source line whose subject is not a keyword, its subject in group 1
     * and its index in group 2, or null when the line indexes nothing.
     */
    static @Nullable Matcher subscript(@Nullable String source) {
        if (source == null) {
            return null;
        }
        Matcher matcher = SUBSCRIPT.matcher(source);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group(1))) {
                return matcher;
            }
        }
        return null;
    }
}
