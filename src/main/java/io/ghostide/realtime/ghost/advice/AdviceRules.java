package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The advice table: for a language family, an error type and a message pattern, what to tell the
 * user, written from the error's own details (the name, the index, the key) and the offending
 * source line. The first rule of the error's family that matches and has something to say wins;
 * each family ends with a rule for any error of it.
 */
final class AdviceRules {

    /** What a rule sees: the error, the code of the file it points into, and the session around it. */
    record Facts(ParsedError error, CodeFacts code, @Nullable String source, FailedRun run,
            Map<String, SourceFile> savedFiles) {

        int line() {
            return this.error.line();
        }

        String sourceOr(String fallback) {
            return this.source != null ? this.source.strip() : fallback;
        }
    }

    /** Writes the advice from the facts and the match of the rule's message pattern, or null to pass. */
    @FunctionalInterface
    interface Advice {

        @Nullable String write(Facts facts, Matcher message);
    }

    /**
     * One row of the table.
     *
     * @param label replaces the error type in the headline, for diagnostics whose type says little ("compile error")
     */
    record Rule(Pattern type, Pattern message, @Nullable String label, Advice advice) {
    }

    private AdviceRules() {
    }

    /** The family's rules in the order they are tried; empty for a family without rules. */
    static List<Rule> forFamily(String family) {
        // a switch, not a static map: the tables' classes call rule() while they initialize
        return switch (family) {
            case "python" -> PythonAdvice.RULES;
            case "javascript" -> JavaScriptAdvice.RULES;
            case "java" -> JavaAdvice.RULES;
            case "native" -> NativeAdvice.RULES;
            default -> List.of();
        };
    }

    static Rule rule(String type, String message, Advice advice) {
        return rule(type, message, null, advice);
    }

    static Rule rule(String type, String message, @Nullable String label, Advice advice) {
        return new Rule(Pattern.compile(type), Pattern.compile(message, Pattern.DOTALL), label, advice);
    }
}
