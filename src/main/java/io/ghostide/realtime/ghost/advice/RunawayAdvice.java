package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;

/**
 * The advice for a program that ran away, its memory or its recursion growing without end, which
 * reads the same in every language.
 */
final class RunawayAdvice {

    private RunawayAdvice() {
    }

    static String memoryAdvice(AdviceRules.Facts facts) {
        CodeFacts code = facts.code();
        int grow = code.findLine(Pattern.compile("\\.(append|push|add|push_back|extend)\\s*\\(|\\*\\s*10\\*\\*"
                + "|\\[0\\]\\s*\\*\\s*\\d{6,}|new \\w+\\[\\s*\\d{7,}"));
        return text("memory.advice",
                "where", grow > 0 ? text("memory.likeliest-place", "where", quoteLine(code, grow)) : "");
    }

    static String recursionAdvice(AdviceRules.Facts facts, @Nullable String function) {
        CodeFacts code = facts.code();
        String fn = function;
        if (fn == null || fn.equals("<module>")) {
            List<String> functions = code.functions();
            fn = functions.isEmpty() ? null : functions.get(0);
        }
        if (fn != null && fn.contains(".")) {
            fn = fn.substring(fn.lastIndexOf('.') + 1);
        }
        int defined = fn != null ? code.definitionOf(fn) : 0;
        return text("recursion.advice", "function", fn != null ? code(fn) : text("recursion.some-function"),
                "where", defined > 0 ? text("recursion.starts-on", "where", quoteLine(code, defined)) : "",
                "example", text(code.isPython() ? "recursion.base-case.python" : "recursion.base-case.c-like"));
    }
}
