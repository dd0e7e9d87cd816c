package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small, certain remarks about code that ran or was saved: things that are wrong or fragile in any program. */
public final class CodeHints {

    /** One remark: the code it looks for, and the key of its text in the advice messages. */
    private record Hint(String family, Pattern pattern, String textKey) {
    }

    private static final List<Hint> HINTS = List.of(
            new Hint("python", Pattern.compile("[=!]=\\s*None\\b"), "hint.python.none-comparison"),
            new Hint("python", Pattern.compile("^\\s*except\\s*:"), "hint.python.bare-except"),
            new Hint("python", Pattern.compile("def \\w+\\(.*=\\s*(?:\\[\\]|\\{\\})"), "hint.python.mutable-default"),
            new Hint("python", Pattern.compile("range\\(len\\((\\w+)\\)\\)"), "hint.python.range-len"),
            new Hint("javascript", Pattern.compile("[^=!<>]==[^=]"), "hint.javascript.loose-equality"),
            new Hint("javascript", Pattern.compile("^\\s*var\\s"), "hint.javascript.var"),
            new Hint("java", Pattern.compile("\\w\\s*==\\s*\"|\"\\s*==\\s*\\w"), "hint.java.string-identity"),
            new Hint("java", Pattern.compile("catch\\s*\\(\\s*Exception\\s+\\w+\\s*\\)\\s*\\{\\s*\\}"),
                    "hint.java.empty-catch"),
            new Hint("native",
                    Pattern.compile("scanf\\s*\\(\\s*\"[^\"]*%[dfilu][^\"]*\"\\s*,\\s*[A-Za-z_]\\w*\\s*[,)]"),
                    "hint.native.scanf-address"),
            new Hint("native", Pattern.compile("\\bgets\\s*\\("), "hint.native.gets"),
            new Hint("native", Pattern.compile("if\\s*\\([^=!<>]*[^=!<>]=[^=][^)]*\\)"),
                    "hint.native.assignment-in-if"));

    private CodeHints() {
    }

    /** Remarks about {@code code}, each naming its line: "line 4: compare with None using ...". */
    public static List<String> about(CodeFacts code) {
        String family = ErrorAdvisor.family(code.language());
        List<String> found = new ArrayList<>();
        if (family == null) {
            return found;
        }
        for (Hint hint : HINTS) {
            if (hint.family().equals(family)) {
                int line = code.findLine(hint.pattern());
                if (line > 0) {
                    String text = AdviceMessages.text(hint.textKey());
                    found.add(AdviceMessages.text("hint.line", "line", line, "hint", text));
                }
            }
        }
        return found;
    }
}
