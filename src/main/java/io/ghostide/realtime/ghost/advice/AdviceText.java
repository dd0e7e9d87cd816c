package io.ghostide.realtime.ghost.advice;

import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/** The phrases the advice rules share: code spans, quoted source lines, spelling hints, saved-file lists. */
final class AdviceText {

    private AdviceText() {
    }

    static String code(String text) {
        return "`" + text + "`";
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
}
