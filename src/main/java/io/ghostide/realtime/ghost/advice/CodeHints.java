package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Small, certain remarks about code that ran or was saved: things that are wrong or fragile in any program. */
public final class CodeHints {

    private record Hint(String family, Pattern pattern, String text) {
    }

    private static final List<Hint> HINTS = List.of(
            new Hint("python", Pattern.compile("[=!]=\\s*None\\b"), "compare with None using `is None` / `is not None`"),
            new Hint("python", Pattern.compile("^\\s*except\\s*:"),
                    "a bare `except:` also swallows typos and Ctrl-C; catch a specific error such as `except ValueError:`"),
            new Hint("python", Pattern.compile("def \\w+\\(.*=\\s*(?:\\[\\]|\\{\\})"),
                    "a default argument of `[]` or `{}` is shared by every call; use `None` and create it inside"),
            new Hint("python", Pattern.compile("range\\(len\\((\\w+)\\)\\)"),
                    "`for i, item in enumerate(items):` gives index and item without `range(len(...))`"),
            new Hint("javascript", Pattern.compile("[^=!<>]==[^=]"), "`==` converts types before comparing; `===` is the safe default"),
            new Hint("javascript", Pattern.compile("^\\s*var\\s"), "`let` and `const` are scoped to their block; `var` leaks out of it"),
            new Hint("java", Pattern.compile("\\w\\s*==\\s*\"|\"\\s*==\\s*\\w"), "strings are compared with `.equals(...)`, not `==`"),
            new Hint("java", Pattern.compile("catch\\s*\\(\\s*Exception\\s+\\w+\\s*\\)\\s*\\{\\s*\\}"),
                    "an empty `catch` hides every failure; at least print it"),
            new Hint("native", Pattern.compile("scanf\\s*\\(\\s*\"[^\"]*%[dfilu][^\"]*\"\\s*,\\s*[A-Za-z_]\\w*\\s*[,)]"),
                    "`scanf` needs the address of a number: `&n`"),
            new Hint("native", Pattern.compile("\\bgets\\s*\\("), "`gets` can overflow its buffer; use `fgets(buf, sizeof buf, stdin)`"),
            new Hint("native", Pattern.compile("if\\s*\\([^=!<>]*[^=!<>]=[^=][^)]*\\)"),
                    "a single `=` inside `if (...)` assigns; to compare, write `==`"));

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
                    found.add("line " + line + ": " + hint.text());
                }
            }
        }
        return found;
    }
}
