package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** What can be read off a piece of source code without running it: lines, names, definitions. */
public final class CodeFacts {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

    private static final Pattern PYTHON_DEF = Pattern.compile("^\\s*(?:async\\s+)?def\\s+(\\w+)\\s*\\(");

    private static final Pattern PYTHON_CLASS = Pattern.compile("^\\s*class\\s+(\\w+)");

    private static final Pattern PYTHON_IMPORT = Pattern.compile(
            "^\\s*(?:from\\s+([\\w.]+)\\s+import|import\\s+([\\w.]+))");

    private static final Pattern JS_FUNCTION = Pattern.compile(
            "^\\s*(?:export\\s+)?(?:async\\s+)?function\\s*\\*?\\s*([\\w$]+)\\s*\\(|^\\s*(?:const|let|"
                    + "var)\\s+([\\w$]+)\\s*=\\s*(?:async\\s*)?(?:function\\b|\\([^)]*\\)\\s*=>|[\\w$]+\\s*=>)");

    private static final Pattern JS_IMPORT = Pattern.compile("require\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)|"
            + "^\\s*import\\s.*?from\\s+['\"]([^'\"]+)['\"]");

    private static final Pattern C_LIKE_FUNCTION = Pattern.compile(
            "^\\s*(?:(?:public|private|protected|static|final|inline|const|unsigned|signed|abstract|"
                    + "synchronized)\\s+)*[\\w<>\\[\\]:*&,]+[\\s*&]+(\\w+)\\s*\\([^;{}]*\\)\\s*"
                    + "(?:const\\s*)?(?:throws [\\w., ]+)?\\{?\\s*$");

    private static final Pattern C_LIKE_CLASS = Pattern.compile(
            "^\\s*(?:public\\s+|final\\s+|abstract\\s+)*(?:class|struct|interface|record|enum)\\s+(\\w+)");

    private static final Pattern C_INCLUDE = Pattern.compile(
            "^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]|^\\s*import\\s+([\\w.*]+)\\s*;");

    private static final Set<String> NOT_FUNCTIONS = Set.of("if", "for", "while", "switch", "catch", "return", "else",
            "new", "sizeof");

    private final String code;

    private final String language;

    private final List<String> lines;

    public CodeFacts(String code, @Nullable String language) {
        this.code = code;
        this.language = language != null ? language.toLowerCase(Locale.ROOT) : "";
        this.lines = List.of(code.split("\\R", -1));
    }

    public String code() {
        return this.code;
    }

    public String language() {
        return this.language;
    }

    public int lineCount() {
        int count = this.lines.size();
        return count > 0 && this.lines.get(count - 1).isEmpty() ? count - 1 : count;
    }

    /** Line {@code number} (1-based), or null when there is none. */
    public @Nullable String line(int number) {
        return number >= 1 && number <= this.lines.size() ? this.lines.get(number - 1) : null;
    }

    /** The first line at or after {@code from} that {@code pattern} finds something in, 0 if none. */
    public int findLine(Pattern pattern, int from) {
        for (int i = Math.max(1, from); i <= this.lines.size(); i++) {
            if (pattern.matcher(this.lines.get(i - 1)).find()) {
                return i;
            }
        }
        return 0;
    }

    public int findLine(Pattern pattern) {
        return findLine(pattern, 1);
    }

    /** The last line at or before {@code before} that {@code pattern} finds something in, 0 if none. */
    int findLineBackwards(Pattern pattern, int before) {
        for (int i = Math.min(before, this.lines.size()); i >= 1; i--) {
            if (pattern.matcher(this.lines.get(i - 1)).find()) {
                return i;
            }
        }
        return 0;
    }

    /** The last line before {@code line} that has code on it, 0 if none. */
    int previousCodeLine(int line) {
        for (int i = Math.min(line - 1, this.lines.size()); i >= 1; i--) {
            if (!this.lines.get(i - 1).isBlank()) {
                return i;
            }
        }
        return 0;
    }

    public Set<String> identifiers() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(this.code);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Functions (and methods) defined in the code, in order. */
    public List<String> functions() {
        List<String> names = new ArrayList<>();
        for (String line : this.lines) {
            Matcher matcher = functionPattern().matcher(line);
            if (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1)
                        : matcher.groupCount() > 1 ? matcher.group(2) : null;
                if (name != null && !NOT_FUNCTIONS.contains(name) && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The line that defines function {@code name}, 0 if none does. */
    public int definitionOf(String name) {
        for (int i = 1; i <= this.lines.size(); i++) {
            Matcher matcher = functionPattern().matcher(this.lines.get(i - 1));
            if (matcher.find() && (name.equals(matcher.group(1))
                    || (matcher.groupCount() > 1 && name.equals(matcher.group(2))))) {
                return i;
            }
        }
        return 0;
    }

    public List<String> classes() {
        Pattern pattern = isPython() ? PYTHON_CLASS : C_LIKE_CLASS;
        List<String> names = new ArrayList<>();
        for (String line : this.lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** Modules, packages or headers the code imports. */
    public List<String> imports() {
        Pattern pattern = isPython() ? PYTHON_IMPORT : isJavaScript() ? JS_IMPORT : C_INCLUDE;
        Set<String> names = new LinkedHashSet<>();
        for (String line : this.lines) {
            Matcher matcher = pattern.matcher(line);
            while (matcher.find()) {
                names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            }
        }
        names.remove(null);
        return List.copyOf(names);
    }

    public boolean isPython() {
        return this.language.startsWith("py");
    }

    public boolean isJavaScript() {
        return this.language.equals("javascript") || this.language.equals("js") || this.language.equals("node")
                || this.language.equals("typescript");
    }

    private Pattern functionPattern() {
        return isPython() ? PYTHON_DEF : isJavaScript() ? JS_FUNCTION : C_LIKE_FUNCTION;
    }

    /** The candidate closest to {@code name} by edit distance, if it is close enough to be a typo. */
    static @Nullable String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        for (String candidate : candidates) {
            if (candidate.equals(name) || Math.abs(candidate.length() - name.length()) > allowed) {
                continue;
            }
            int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (candidate.equalsIgnoreCase(name)) {
                distance = 0;
            }
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
