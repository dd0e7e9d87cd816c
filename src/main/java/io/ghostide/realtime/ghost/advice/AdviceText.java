package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * The phrases the advice rules share: code spans, quoted source lines, spelling hints, and the
 * advice for runaway memory and recursion, which reads the same in every language.
 */
final class AdviceText {

    private static final Pattern SUBSCRIPT = Pattern.compile("([A-Za-z_$][\\w.$]*(?:\\(\\))?)\\s*\\[([^\\[\\]]+)\\]");

    private static final Set<String> KEYWORDS = Set.of("return", "in", "if", "elif", "else", "and", "or", "not",
            "yield", "for", "while", "is", "lambda", "await", "del", "assert", "case", "new", "typeof");

    // what follows a division or a modulo: a name, a call, an index, maybe in parentheses
    private static final Pattern DIVISOR = Pattern.compile("[/%]\\s*(\\(?[\\w.()\\[\\]]+\\)?)");

    private AdviceText() {
    }

    /** The first divisor on a source line, as written, or null when the line has no division. */
    static @Nullable String divisor(@Nullable String source) {
        if (source == null) {
            return null;
        }
        Matcher division = DIVISOR.matcher(source);
        return division.find() ? division.group(1) : null;
    }

    static String code(String text) {
        return "`" + text + "`";
    }

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

    static String quoteLine(CodeFacts code, int line) {
        String source = code.line(line);
        return source == null ? "" : text("line.quoted", "line", line, "code", source.strip());
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static @Nullable String typo(String name, CodeFacts code) {
        String closest = CodeFacts.closest(name, code.identifiers());
        return closest != null ? text("typo.did-you-mean", "name", closest) : null;
    }

    static String savedFileList(Map<String, SourceFile> saved) {
        return saved.isEmpty() ? text("saved-files.none")
                : saved.keySet().stream().sorted().collect(Collectors.joining(", "));
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
