package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The advice table: for a language family, an error type and a message pattern, what to tell the
 * user, written from the error's own details (the name, the index, the key) and the offending
 * source line. The first rule that matches and has something to say wins; each family ends with
 * a rule for any error of it.
 */
final class AdviceRules {

    /** What a rule sees: the error, the code of the file it points into, and the session around it. */
    record Facts(ParsedError error, CodeFacts code, @Nullable String source, GhostPrompt.RunReport run,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {

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
    record Rule(String family, Pattern type, Pattern message, @Nullable String label, Advice advice) {
    }

    private static final List<Rule> RULES = new ArrayList<>();

    private AdviceRules() {
    }

    static List<Rule> all() {
        return RULES;
    }

    private static void rule(String family, String type, String message, Advice advice) {
        rule(family, type, message, null, advice);
    }

    private static void rule(String family, String type, String message, @Nullable String label, Advice advice) {
        RULES.add(new Rule(family, Pattern.compile(type), Pattern.compile(message, Pattern.DOTALL), label, advice));
    }

    // ---------------------------------------------------------------- helpers

    private static final Pattern SUBSCRIPT = Pattern.compile("([A-Za-z_$][\\w.$]*(?:\\(\\))?)\\s*\\[([^\\[\\]]+)\\]");

    private static final Set<String> KEYWORDS = Set.of("return", "in", "if", "elif", "else", "and", "or", "not",
            "yield", "for", "while", "is", "lambda", "await", "del", "assert", "case", "new", "typeof");

    static final Set<String> PYTHON_STDLIB = Set.of("math", "random", "os", "sys", "json", "time", "re",
            "datetime", "collections", "itertools", "functools", "string", "statistics", "typing", "pathlib", "csv",
            "copy", "heapq", "bisect", "fractions", "decimal", "unittest", "dataclasses", "enum", "abc", "io",
            "operator", "textwrap", "pprint", "argparse", "subprocess", "threading", "queue", "hashlib", "base64",
            "secrets", "uuid", "calendar", "array", "struct", "logging", "shutil", "glob", "tempfile", "urllib");

    static final Set<String> PYTHON_THIRD_PARTY = Set.of("numpy", "pandas", "requests", "flask", "django",
            "matplotlib", "scipy", "bs4", "yaml", "PIL", "sklearn", "torch", "tensorflow", "pytest", "fastapi",
            "seaborn", "cv2", "sympy", "aiohttp", "httpx", "pydantic", "dotenv", "openai");

    private static final Set<String> PYTHON_BUILTINS = Set.of("list", "str", "dict", "set", "int", "float", "sum",
            "max", "min", "len", "input", "print", "type", "id", "map", "filter", "range", "sorted", "tuple", "abs",
            "round", "open", "next", "iter", "format", "all", "any", "zip");

    // header that declares a name, for C and C++
    private static final Map<String, String> C_HEADERS = Map.ofEntries(
            Map.entry("printf", "<stdio.h>"), Map.entry("scanf", "<stdio.h>"), Map.entry("puts", "<stdio.h>"),
            Map.entry("fgets", "<stdio.h>"), Map.entry("getchar", "<stdio.h>"), Map.entry("putchar", "<stdio.h>"),
            Map.entry("fprintf", "<stdio.h>"), Map.entry("sprintf", "<stdio.h>"), Map.entry("FILE", "<stdio.h>"),
            Map.entry("NULL", "<stddef.h>"), Map.entry("malloc", "<stdlib.h>"), Map.entry("calloc", "<stdlib.h>"),
            Map.entry("realloc", "<stdlib.h>"), Map.entry("free", "<stdlib.h>"), Map.entry("exit", "<stdlib.h>"),
            Map.entry("atoi", "<stdlib.h>"), Map.entry("rand", "<stdlib.h>"), Map.entry("srand", "<stdlib.h>"),
            Map.entry("qsort", "<stdlib.h>"), Map.entry("abs", "<stdlib.h>"), Map.entry("strlen", "<string.h>"),
            Map.entry("strcpy", "<string.h>"), Map.entry("strcmp", "<string.h>"), Map.entry("strcat", "<string.h>"),
            Map.entry("memset", "<string.h>"), Map.entry("memcpy", "<string.h>"), Map.entry("sqrt", "<math.h>"),
            Map.entry("pow", "<math.h>"), Map.entry("fabs", "<math.h>"), Map.entry("floor", "<math.h>"),
            Map.entry("ceil", "<math.h>"), Map.entry("bool", "<stdbool.h>"), Map.entry("true", "<stdbool.h>"),
            Map.entry("false", "<stdbool.h>"), Map.entry("time", "<time.h>"), Map.entry("isdigit", "<ctype.h>"),
            Map.entry("isalpha", "<ctype.h>"), Map.entry("toupper", "<ctype.h>"), Map.entry("tolower", "<ctype.h>"),
            Map.entry("INT_MAX", "<limits.h>"), Map.entry("INT_MIN", "<limits.h>"));

    private static final Map<String, String> CPP_HEADERS = Map.ofEntries(
            Map.entry("cout", "<iostream>"), Map.entry("cin", "<iostream>"), Map.entry("cerr", "<iostream>"),
            Map.entry("endl", "<iostream>"), Map.entry("string", "<string>"), Map.entry("getline", "<string>"),
            Map.entry("to_string", "<string>"), Map.entry("stoi", "<string>"), Map.entry("vector", "<vector>"),
            Map.entry("map", "<map>"), Map.entry("unordered_map", "<unordered_map>"), Map.entry("set", "<set>"),
            Map.entry("sort", "<algorithm>"), Map.entry("reverse", "<algorithm>"), Map.entry("max", "<algorithm>"),
            Map.entry("min", "<algorithm>"), Map.entry("find", "<algorithm>"), Map.entry("swap", "<utility>"),
            Map.entry("pair", "<utility>"), Map.entry("make_pair", "<utility>"), Map.entry("queue", "<queue>"),
            Map.entry("priority_queue", "<queue>"), Map.entry("stack", "<stack>"), Map.entry("deque", "<deque>"),
            Map.entry("accumulate", "<numeric>"), Map.entry("setprecision", "<iomanip>"),
            Map.entry("unique_ptr", "<memory>"), Map.entry("shared_ptr", "<memory>"),
            Map.entry("make_unique", "<memory>"), Map.entry("sqrt", "<cmath>"), Map.entry("pow", "<cmath>"));

    private static final Map<String, String> JAVA_IMPORTS = Map.ofEntries(
            Map.entry("Scanner", "java.util.Scanner"), Map.entry("ArrayList", "java.util.ArrayList"),
            Map.entry("List", "java.util.List"), Map.entry("HashMap", "java.util.HashMap"),
            Map.entry("Map", "java.util.Map"), Map.entry("HashSet", "java.util.HashSet"),
            Map.entry("Set", "java.util.Set"), Map.entry("Arrays", "java.util.Arrays"),
            Map.entry("Random", "java.util.Random"), Map.entry("LinkedList", "java.util.LinkedList"),
            Map.entry("Collections", "java.util.Collections"), Map.entry("Optional", "java.util.Optional"),
            Map.entry("Stream", "java.util.stream.Stream"), Map.entry("Collectors", "java.util.stream.Collectors"),
            Map.entry("BufferedReader", "java.io.BufferedReader"),
            Map.entry("InputStreamReader", "java.io.InputStreamReader"), Map.entry("IOException", "java.io.IOException"),
            Map.entry("LocalDate", "java.time.LocalDate"), Map.entry("BigInteger", "java.math.BigInteger"),
            Map.entry("BigDecimal", "java.math.BigDecimal"), Map.entry("Deque", "java.util.Deque"),
            Map.entry("ArrayDeque", "java.util.ArrayDeque"), Map.entry("Queue", "java.util.Queue"),
            Map.entry("TreeMap", "java.util.TreeMap"), Map.entry("Iterator", "java.util.Iterator"));

    // (type, wrong attribute) -> what Python calls it
    private static final Map<String, String> PYTHON_ATTRIBUTE_FIXES = Map.ofEntries(
            Map.entry("list.push", "`.append(x)` adds to a list"), Map.entry("list.add", "`.append(x)` adds to a list"),
            Map.entry("list.length", "`len(items)` gives a list's length"),
            Map.entry("list.size", "`len(items)` gives a list's length"),
            Map.entry("list.split", "a list is already split; `split` is a method of strings"),
            Map.entry("list.lower", "lower each item: `[s.lower() for s in items]`"),
            Map.entry("list.join", "join is called on the separator: `', '.join(items)`"),
            Map.entry("str.push", "strings are immutable; build a new one with `+` or collect parts in a list"),
            Map.entry("str.append", "strings are immutable; build a new one with `+` or collect parts in a list"),
            Map.entry("str.length", "`len(text)` gives a string's length"),
            Map.entry("str.contains", "test with `'x' in text`"),
            Map.entry("str.reverse", "reverse a string with `text[::-1]`"),
            Map.entry("dict.has_key", "test with `key in d`"), Map.entry("dict.iteritems", "`d.items()` in Python 3"),
            Map.entry("dict.append", "set a key with `d[key] = value`"),
            Map.entry("int.append", "that name holds a number, not a list"),
            Map.entry("tuple.append", "tuples can't change; use a list `[...]` instead"),
            Map.entry("set.append", "`.add(x)` adds to a set"));

    private static final Map<String, String> JS_METHOD_FIXES = Map.ofEntries(
            Map.entry("append", "arrays grow with `.push(x)`"), Map.entry("add", "arrays grow with `.push(x)` (`add` is for a Set)"),
            Map.entry("length", "`length` is a property: write `.length` without parentheses"),
            Map.entry("size", "arrays have `.length`; `size` belongs to Map and Set"),
            Map.entry("contains", "use `.includes(x)`"), Map.entry("len", "use `.length`"),
            Map.entry("forEach", "the value isn't an array; for an object use `Object.keys(obj).forEach(...)`"),
            Map.entry("map", "the value isn't an array; check what it holds with console.log"),
            Map.entry("toUppercase", "the method is `toUpperCase()`"), Map.entry("toLowercase", "the method is `toLowerCase()`"),
            Map.entry("split", "`split` belongs to strings; convert first with `String(x)`"));

    static String code(String text) {
        return "`" + text + "`";
    }

    private static @Nullable Matcher subscript(@Nullable String source) {
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

    private static String plural(int count, String word) {
        return count + " " + word + (count == 1 ? "" : "s");
    }

    private static String quoteLine(CodeFacts code, int line) {
        String text = code.line(line);
        return text == null ? "" : "line " + line + " (" + code(text.strip()) + ")";
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static @Nullable String typo(String name, CodeFacts code) {
        String closest = CodeFacts.closest(name, code.identifiers());
        return closest != null ? "Did you mean " + code(closest) + "? It's spelled that way elsewhere in your code. " : null;
    }

    private static String savedFileList(Map<String, GhostPrompt.CodeUnit> saved) {
        return saved.isEmpty() ? "none yet" : saved.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static @Nullable String headerFor(String name, boolean cpp) {
        String header = cpp ? CPP_HEADERS.get(name) : null;
        if (header == null) {
            header = C_HEADERS.get(name);
            if (header != null && cpp && header.endsWith(".h>") && !header.equals("<stddef.h>")) {
                header = "<c" + header.substring(1, header.length() - 3) + ">";
            }
        }
        return header;
    }

    static String memoryAdvice(Facts facts) {
        CodeFacts code = facts.code();
        int grow = code.findLine(Pattern.compile("\\.(append|push|add|push_back|extend)\\s*\\(|\\*\\s*10\\*\\*|\\[0\\]\\s*\\*\\s*\\d{6,}|new \\w+\\[\\s*\\d{7,}"));
        String where = grow > 0 ? " The likeliest place: " + quoteLine(code, grow)
                + ", which keeps adding to a collection—check that the loop around it ends." : "";
        return "The program asked for more memory than the sandbox allows." + where
                + " Keep only what you need (process items one at a time instead of building a huge list), and make sure no loop grows a collection forever.";
    }

    static String recursionAdvice(Facts facts, @Nullable String function) {
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
        String name = fn != null ? code(fn) : "A function";
        return name + " keeps calling itself and never stops" + (defined > 0 ? " (it starts on " + quoteLine(code, defined) + ")" : "")
                + ". Every recursive function needs a base case that returns without recursing, e.g. "
                + (code.isPython() ? code("if n <= 1: return 1") : code("if (n <= 1) return 1;"))
                + ", and each call must move toward it (" + code("n - 1") + ", not " + code("n") + ").";
    }

    // ---------------------------------------------------------------- Python

    static {
        rule("python", "IndexError", "(?<what>list|tuple|string|str|range object) index out of range", (f, m) -> {
            Matcher sub = subscript(f.source());
            String kind = m.group("what").startsWith("str") ? "string" : m.group("what").replace(" object", "");
            if (sub == null) {
                return "An index went past the end of a " + kind + ". A " + kind + " of n items has indexes 0 to n-1 (and -1 for the last); check the length with `len(...)` before indexing, or loop over the items directly.";
            }
            String seq = sub.group(1);
            String index = sub.group(2).strip();
            String advice = code(seq + "[" + index + "]") + " asks for an item that isn't there: " + code(seq)
                    + " is shorter than that. A " + kind + " of n items only has indexes 0 to n-1, so check "
                    + code("len(" + seq + ")") + " before you reach for it";
            if (index.matches("\\d+")) {
                int i = Integer.parseInt(index);
                advice += " (index " + i + " needs at least " + (i + 1) + " items)";
            }
            advice += ".";
            if (index.contains("len(")) {
                advice += " " + code(seq + "[len(" + seq + ")]") + " is always one past the end; the last item is " + code(seq + "[-1]") + ".";
            }
            else if (index.matches(".*\\w\\s*\\+\\s*1.*")) {
                advice += " The " + code("+ 1") + " in the index runs past the end on the last pass of the loop; stop the loop one earlier.";
            }
            else if (!index.matches("-?\\d+")) {
                advice += " Print " + code(index) + " and " + code("len(" + seq + ")") + " just before this line to see which is off.";
            }
            return advice + " Looping with " + code("for item in " + seq + ":") + " never runs past the end.";
        });
        rule("python", "IndexError", "pop from empty list", (f, m) -> "The list is already empty when " + f.sourceOr("the code")
                + " pops from it. Guard it with " + code("if items:") + " before " + code(".pop()") + ", or check why fewer items arrived than expected.");
        rule("python", "KeyError", "(?s)(?<key>.+)", (f, m) -> {
            String key = m.group("key").strip();
            String bare = key.replaceAll("^['\"]|['\"]$", "");
            String dict = "the dictionary";
            if (f.source() != null) {
                Matcher lookup = Pattern.compile("([A-Za-z_][\\w.]*)\\s*\\[\\s*['\"]?" + Pattern.quote(bare) + "['\"]?\\s*\\]").matcher(f.source());
                if (lookup.find()) {
                    dict = code(lookup.group(1));
                }
            }
            String d = dict.startsWith("`") ? dict.substring(1, dict.length() - 1) : "d";
            String advice = Character.toUpperCase(dict.charAt(0)) + dict.substring(1) + " has no key " + key
                    + ". Keys must match exactly: case, spaces and type count (" + code("'1'") + " is not " + code("1") + "). Use "
                    + code(d + ".get(" + key + ")") + " to get None (or a default) instead of a crash, or check "
                    + code(key + " in " + d) + " first; " + code("print(" + d + ".keys())") + " shows what it does hold.";
            String similar = CodeFacts.closest(bare, f.code().identifiers());
            if (similar != null && f.code().code().contains("'" + similar + "'")) {
                advice += " Your code also uses " + code("'" + similar + "'") + "—a typo?";
            }
            return advice;
        });
        rule("python", "NameError", "name '(?<name>\\w+)' is not defined(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?", (f, m) -> {
            String name = m.group("name");
            if (PYTHON_STDLIB.contains(name)) {
                return code(name) + " is a module that was never imported: add " + code("import " + name) + " at the top of the file.";
            }
            String advice = code(name) + " is used before Python knows it. ";
            String hint = m.group("hint") != null ? "Did you mean " + code(m.group("hint")) + "? " : typo(name, f.code());
            if (hint != null) {
                advice += hint;
            }
            advice += "Otherwise define it before this line (a variable set only inside an " + code("if")
                    + " or another function doesn't count)";
            if (f.source() != null && f.source().contains("(" + name + ")") && name.matches("[a-z]+")) {
                advice += ", or if you meant the text, put it in quotes: " + code("\"" + name + "\"");
            }
            return advice + ".";
        });
        rule("python", "UnboundLocalError", ".*'(?<name>\\w+)'.*", (f, m) -> "Assigning to " + code(m.group("name"))
                + " inside the function makes it a local variable there, so reading it before that assignment fails. Pass it in as a parameter and return the new value, or declare "
                + code("global " + m.group("name")) + " at the top of the function.");
        rule("python", "TypeError", "can only concatenate str \\(not \"(?<t>\\w+)\"\\) to str", (f, m) -> "You're gluing a string and "
                + code(m.group("t")) + " together with " + code("+") + ". Convert the " + m.group("t") + " first: "
                + code("str(value)") + ", or let an f-string do it: " + code("f\"Total: {total}\"") + ".");
        rule("python", "TypeError", "unsupported operand type\\(s\\) for (?<op>\\S+): '(?<a>\\w+)' and '(?<b>\\w+)'", (f, m) -> {
            String a = m.group("a");
            String b = m.group("b");
            String op = m.group("op");
            if (a.equals("NoneType") || b.equals("NoneType")) {
                return "One side of " + code(op) + " is None: a function without a " + code("return")
                        + " (or a method like " + code(".sort()") + " that returns None) produced it. Return the value from the function, and don't assign the result of in-place methods.";
            }
            if (a.equals("str") || b.equals("str")) {
                return "A string meets a number in " + code(op) + ". " + code("input()")
                        + " always gives a string: convert it with " + code("int(input())") + " or " + code("float(...)")
                        + " before doing arithmetic.";
            }
            return code(op) + " doesn't work between " + code(a) + " and " + code(b) + ". Convert one side so both have the same type.";
        });
        rule("python", "TypeError", "'(?<t>\\w+)' object is not subscriptable", (f, m) -> m.group("t").equals("NoneType")
                ? "You're indexing None: a function returned nothing (no " + code("return") + ") or a variable was never filled. Check what the value before the " + code("[...]") + " on this line really is."
                : "A " + code(m.group("t")) + " can't be indexed with " + code("[...]") + ". Check that the variable holds the list, string or dict you expect and not a single number.");
        rule("python", "TypeError", "'(?<t>\\w+)' object is not callable", (f, m) -> {
            int shadow = f.code().findLine(Pattern.compile("^\\s*(" + String.join("|", PYTHON_BUILTINS) + ")\\s*=[^=]"));
            if (shadow > 0) {
                String name = f.code().line(shadow).strip().split("\\s*=")[0];
                return capitalize(quoteLine(f.code(), shadow)) + " stores a value in " + code(name) + ", which hides the built-in function "
                        + code(name + "()") + ". Rename the variable (e.g. " + code(name + "_value") + ") and the call works again.";
            }
            return "A " + code(m.group("t")) + " value is being called like a function with " + code("(...)")
                    + ". A variable probably has the same name as a function, or a " + code("*") + " is missing in an expression like " + code("2(x + 1)") + ".";
        });
        rule("python", "TypeError", "(?<fn>[\\w.]+)\\(\\) missing (?<n>\\d+) required positional arguments?: (?<args>.+)", (f, m) ->
                code(m.group("fn") + "()") + " needs " + m.group("args") + " but the call doesn't pass " + (m.group("n").equals("1") ? "it" : "them")
                + ". Add the missing argument" + (m.group("n").equals("1") ? "" : "s") + " to the call"
                + (f.source() != null ? " (" + code(f.source().strip()) + ")" : "") + ", or give the parameter a default value in the " + code("def") + ".");
        rule("python", "TypeError", "(?<fn>[\\w.]+)\\(\\) takes (?<n>\\d+) positional arguments? but (?<m>\\d+) (?:were|was) given", (f, m) -> {
            String advice = code(m.group("fn") + "()") + " accepts " + m.group("n") + " argument(s) but got " + m.group("m") + ". ";
            if (Integer.parseInt(m.group("m")) == Integer.parseInt(m.group("n")) + 1) {
                advice += "If it's a method of a class, its first parameter must be " + code("self") + ": " + code("def " + m.group("fn").replaceAll(".*\\.", "") + "(self, ...)") + ". ";
            }
            return advice + "Make the call and the " + code("def") + " agree.";
        });
        rule("python", "TypeError", "'(?<t>\\w+)' object is not iterable", (f, m) -> "A " + code(m.group("t"))
                + " can't be looped over. " + (m.group("t").equals("int") ? "To repeat n times, loop over " + code("range(n)") + "." : m.group("t").equals("NoneType") ? "The value is None: something didn't return what you loop over." : "Check that the variable holds a list or string."));
        rule("python", "TypeError", "'(?<op>[<>]=?)' not supported between instances of '(?<a>\\w+)' and '(?<b>\\w+)'", (f, m) -> "You're comparing "
                + code(m.group("a")) + " with " + code(m.group("b")) + " using " + code(m.group("op")) + ". Convert both to the same type first, typically "
                + code("int(...)") + " on a value read with " + code("input()") + ".");
        rule("python", "ValueError", "invalid literal for int\\(\\) with base \\d+: (?<v>.*)", (f, m) -> {
            String v = m.group("v");
            if (v.equals("''")) {
                return code("int()") + " got an empty string: the input line was empty. Check for it before converting, or give the run some input.";
            }
            if (v.matches("'-?\\d+\\.\\d*'")) {
                return code("int()") + " got " + v + ", a decimal number. Use " + code("float(...)") + " (or " + code("int(float(...))") + " to drop the fraction).";
            }
            return code("int()") + " got " + v + ", which isn't a whole number. Validate the input first, e.g. "
                    + code("if text.strip().isdigit():") + ", or wrap the conversion in " + code("try: ... except ValueError:") + ".";
        });
        rule("python", "ValueError", "could not convert string to float: (?<v>.*)", (f, m) -> code("float()") + " got " + m.group("v")
                + ", which isn't a number. Strip spaces and units first, or catch " + code("ValueError") + ".");
        rule("python", "ValueError", "(?<kind>not enough|too many) values to unpack \\(expected (?<e>\\d+)(?:, got (?<g>\\d+))?\\)", (f, m) -> "The line unpacks into "
                + m.group("e") + " variables but the value has " + (m.group("g") != null ? m.group("g") : m.group("kind").equals("too many") ? "more" : "fewer")
                + " items. Make the number of names on the left match, or use " + code("first, *rest = ...") + ".");
        rule("python", "ValueError", "math domain error", (f, m) -> "A math function got a value outside its domain: "
                + code("math.sqrt") + " of a negative number or " + code("math.log") + " of 0 or less. Check the argument before the call.");
        rule("python", "ZeroDivisionError", ".*", (f, m) -> {
            String divisor = null;
            if (f.source() != null) {
                Matcher division = Pattern.compile("(?://|/|%)\\s*(\\(?[\\w.()\\[\\]]+\\)?)").matcher(f.source());
                if (division.find()) {
                    divisor = division.group(1);
                }
            }
            String advice = (divisor != null ? code(divisor) + " is 0" : "The divisor is 0") + " when this line divides by it. ";
            if (divisor != null && divisor.contains("len(")) {
                String list = divisor.replaceAll("^\\(?len\\((.+)\\)\\)?$", "$1");
                advice += "The list is empty, so an average of nothing is computed. Check " + code("if " + list + ":") + " (the list has items) first.";
            }
            else {
                advice += "Guard the division with " + code("if " + (divisor != null ? divisor : "d") + " != 0:") + " or find out why it is 0 here.";
            }
            return advice;
        });
        rule("python", "AttributeError", "'NoneType' object has no attribute '(?<attr>\\w+)'", (f, m) -> {
            int inPlace = f.code().findLine(Pattern.compile("=\\s*[\\w.\\[\\]]+\\.(sort|append|reverse|extend|insert|update|clear|remove)\\("));
            String advice = "The value before " + code("." + m.group("attr")) + " is None. ";
            if (inPlace > 0) {
                return advice + capitalize(quoteLine(f.code(), inPlace)) + " stores the result of an in-place method, which is always None. Call it on its own line and keep using the original variable.";
            }
            return advice + "Usually a function ended without " + code("return") + ", or a lookup like " + code("re.match") + " found nothing. Print the value before this line to see where the None comes from.";
        });
        rule("python", "AttributeError", "module '(?<mod>[\\w.]+)' has no attribute '(?<attr>\\w+)'", (f, m) -> {
            String mod = m.group("mod");
            if (f.savedFiles().containsKey(mod + ".py")) {
                return "This session has a saved file " + code(mod + ".py") + ", and Python imports it instead of the standard module "
                        + code(mod) + ". Rename your file (e.g. " + code("my_" + mod + ".py") + ") and the real one comes back.";
            }
            return "Module " + code(mod) + " has no " + code(m.group("attr")) + ". Check the spelling and case"
                    + (f.run().code().contains(mod + ".py") ? "" : ", and that no file of yours is called " + code(mod + ".py")) + ".";
        });
        rule("python", "AttributeError", "'(?<t>\\w+)' object has no attribute '(?<attr>\\w+)'(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?", (f, m) -> {
            String fix = PYTHON_ATTRIBUTE_FIXES.get(m.group("t") + "." + m.group("attr"));
            String advice = "A " + code(m.group("t")) + " has no " + code("." + m.group("attr")) + ". ";
            if (fix != null) {
                return advice + "In Python " + fix + ".";
            }
            if (m.group("hint") != null) {
                return advice + "Did you mean " + code("." + m.group("hint")) + "?";
            }
            return advice + "Check the spelling, and that the variable holds the kind of object you think (" + code("print(type(x))") + ").";
        });
        rule("python", "IndentationError", "expected an indented block.*", (f, m) -> "The line after a " + code(":")
                + " must be indented. Indent the body of the " + code("if") + "/" + code("for") + "/" + code("def")
                + " above by 4 spaces, or write " + code("pass") + " as a placeholder.");
        rule("python", "IndentationError", "unexpected indent", (f, m) -> "This line is indented more than the block it belongs to. Line it up with the lines above it (same number of spaces).");
        rule("python", "IndentationError", "unindent does not match any outer indentation level", (f, m) -> "This line's indentation doesn't line up with any block above it. Use 4 spaces per level everywhere and don't mix tabs with spaces.");
        rule("python", "TabError", ".*", (f, m) -> "Tabs and spaces are mixed in the indentation. Convert all tabs to spaces (4 per level).");
        rule("python", "SyntaxError", "expected ':'", (f, m) -> "Add a colon at the end of " + (f.line() > 0 ? "line " + f.line() : "the line")
                + ": " + code(f.sourceOr("if x > 0").replaceAll("\\s*$", "") + ":") + ". Lines starting " + code("if") + ", " + code("for") + ", " + code("while") + ", " + code("def") + " and " + code("class") + " end with one.");
        rule("python", "SyntaxError", "'(?<b>[(\\[{])' was never closed", (f, m) -> "The " + code(m.group("b"))
                + " opened on this line is never closed. Add the matching " + code(m.group("b").equals("(") ? ")" : m.group("b").equals("[") ? "]" : "}") + ".");
        rule("python", "SyntaxError", "unterminated (?:triple-quoted )?string literal.*|EOL while scanning string literal", (f, m) -> "A string on this line has no closing quote. Close it with the same quote it opens with.");
        rule("python", "SyntaxError", "Missing parentheses in call to 'print'.*", (f, m) -> "In Python 3 " + code("print")
                + " is a function: write " + code("print(...)") + " with parentheses.");
        rule("python", "SyntaxError", "invalid syntax\\. Maybe you meant '==' or ':=' instead of '='\\?|cannot assign to .*here\\. Maybe you meant '==' instead of '='\\?", (f, m) -> "A single "
                + code("=") + " assigns; to compare, write " + code("==") + " (as in " + code("if x == 3:") + ").");
        rule("python", "SyntaxError", "invalid syntax\\. Perhaps you forgot a comma\\?", (f, m) -> "Two values stand next to each other without a comma between them. Add the missing " + code(",") + ".");
        rule("python", "SyntaxError", "unexpected EOF while parsing|unexpected EOF.*", (f, m) -> "The file ended while a bracket or a block was still open. Look for a missing " + code(")") + ", " + code("]") + " or " + code("}") + " near the end.");
        rule("python", "SyntaxError", "(?s).*", (f, m) -> "Python couldn't read " + (f.line() > 0 ? "line " + f.line() : "the code")
                + (m.group().isBlank() ? "" : " (" + m.group() + ")") + ". Look for a missing bracket, quote, colon or comma on this line or the one before it.");
        rule("python", "ModuleNotFoundError", "No module named '(?<mod>[\\w.]+)'", (f, m) -> {
            String mod = m.group("mod");
            String root = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
            if (PYTHON_THIRD_PARTY.contains(root)) {
                return code(root) + " is a third-party package that isn't installed in the sandbox, and runs have no network, so "
                        + code("pip install") + " won't help there. Use the standard library for this run, or run it on a machine with " + code(root) + ".";
            }
            String similar = CodeFacts.closest(root + ".py", f.savedFiles().keySet());
            if (f.savedFiles().containsKey(root + ".py")) {
                return code(root + ".py") + " is saved in this session, so it should be importable; if you saved it after starting this run, run again.";
            }
            if (similar != null) {
                return "There is no " + code(root + ".py") + ", but this session has " + code(similar) + ". Fix the name in the import or the file name so they match.";
            }
            return "There is no module " + code(root) + " here. If it's your own file, save it in this session as " + code(root + ".py")
                    + " (saved files sit next to your program in every run; saved so far: " + savedFileList(f.savedFiles()) + "). Otherwise check the spelling.";
        });
        rule("python", "ImportError", "cannot import name '(?<name>\\w+)' from '(?<mod>[\\w.]+)'.*", (f, m) -> {
            GhostPrompt.CodeUnit module = f.savedFiles().get(m.group("mod") + ".py");
            String advice = code(m.group("mod")) + " has no " + code(m.group("name")) + ". ";
            if (module != null) {
                List<String> defined = new CodeFacts(module.code(), "python").functions();
                String near = CodeFacts.closest(m.group("name"), defined);
                return advice + (near != null ? "It defines " + code(near) + "—a typo?" : "It defines " + (defined.isEmpty() ? "no functions" : String.join(", ", defined)) + ".")
                        + (m.group().contains("circular") ? " The two files also import each other; move the shared code into a third file." : "");
            }
            return advice + "Check the spelling, and whether the two files import each other (a circular import).";
        });
        rule("python", "RecursionError", ".*", (f, m) -> recursionAdvice(f, f.error().function()));
        rule("python", "FileNotFoundError", "\\[Errno 2\\] No such file or directory: '(?<file>[^']+)'", (f, m) -> {
            String name = ParsedError.baseName(m.group("file"));
            if (f.savedFiles().containsKey(name) && !m.group("file").equals(name)) {
                return code(name) + " is saved in this session and sits right next to your program: open it as " + code("'" + name + "'") + " without a directory.";
            }
            return "The run's working directory holds your program and this session's saved files (" + savedFileList(f.savedFiles())
                    + "), and no " + code(m.group("file")) + ". Save it as a session file first, or check the name.";
        });
        rule("python", "EOFError", ".*", (f, m) -> code("input()") + " found no more input: the program reads more lines than the run was given. Send input with the run (one line per " + code("input()") + " call), or read with a default.");
        rule("python", "AssertionError", "(?s).*", (f, m) -> "The " + code("assert") + (f.source() != null ? " " + code(f.source().strip()) : "")
                + " was false. Print the values it checks just before it to see which one is off.");
        rule("python", "MemoryError", "(?s).*", (f, m) -> memoryAdvice(f));
        rule("python", "OverflowError", "(?s).*", (f, m) -> "A number got too big for a float. Use integers (they have no limit) or check for runaway growth in a loop.");
        rule("python", "KeyboardInterrupt", "(?s).*", (f, m) -> "The program was stopped while it was still running, probably in a loop that never ends. Check the loop condition.");
        rule("python", "StopIteration", "(?s).*", (f, m) -> code("next()") + " was called on an iterator that had nothing left. Pass a default: " + code("next(it, None)") + ".");
        rule("python", ".*", "(?s).*", (f, m) -> "Your code raised " + code(f.error().simpleType()) + (f.error().message().isEmpty() ? "" : " saying “" + f.error().message() + "”")
                + (f.line() > 0 ? " on line " + f.line() : "") + ". Read the line and the values it uses; print them just before it if it isn't obvious.");

        // ---------------------------------------------------------------- JavaScript

        rule("javascript", "ReferenceError", "(?<name>[\\w$]+) is not defined", (f, m) -> {
            String name = m.group("name");
            if (Set.of("document", "window", "alert", "prompt", "localStorage", "fetch_").contains(name)) {
                return code(name) + " exists in browsers, but this code runs in Node.js, which has no page. Use "
                        + code("console.log") + " for output" + (name.equals("prompt") ? " and read input from " + code("process.stdin") : "") + ".";
            }
            if (name.equals("require")) {
                return "This file is an ES module, where " + code("require") + " doesn't exist. Use " + code("import x from 'x'") + ", or name the file " + code(".cjs") + ".";
            }
            String hint = typo(name, f.code());
            return code(name) + " was never declared. " + (hint != null ? hint : "") + "Declare it before use with "
                    + code("let " + name + " = ...") + " or " + code("const") + ", or import it.";
        });
        rule("javascript", "ReferenceError", "Cannot access '(?<name>[\\w$]+)' before initialization", (f, m) -> code(m.group("name"))
                + " is declared with " + code("let") + "/" + code("const") + " further down, and used here before that line runs. Move the declaration above its first use.");
        rule("javascript", "TypeError", "Cannot read propert(?:y|ies) of (?<v>undefined|null)(?: \\(reading '(?<p>[^']+)'\\))?|Cannot read property '(?<p2>[^']+)' of (?<v2>undefined|null)", (f, m) -> {
            String prop = m.group("p") != null ? m.group("p") : m.group("p2");
            String value = m.group("v") != null ? m.group("v") : m.group("v2");
            String target = null;
            if (prop != null && f.source() != null) {
                Matcher access = Pattern.compile("([\\w$][\\w$.]*(?:\\[[^\\]]+\\])*)\\s*(?:\\.\\s*" + Pattern.quote(prop) + "\\b|\\[\\s*['\"]?" + Pattern.quote(prop) + "['\"]?\\s*\\])").matcher(f.source());
                if (access.find()) {
                    target = access.group(1);
                }
            }
            String advice = (target != null ? code(target) : "The value") + " is " + value + " when the code reads "
                    + (prop != null ? code("." + prop) : "a property") + " from it. ";
            int assigned = target != null && target.matches("[\\w$]+") && f.line() > 0
                    ? f.code().findLineBackwards(Pattern.compile("(?:\\b(?:const|let|var)\\s+|^\\s*)" + Pattern.quote(target) + "\\s*=[^=]"), f.line() - 1) : 0;
            String assignment = assigned > 0 ? f.code().line(assigned) : null;
            if (target != null && target.matches(".*\\[[^\\]]+\\]$")) {
                advice += "Reading past the end of an array gives undefined in JavaScript (there is no IndexError), so check the index against " + code(target.replaceAll("\\[[^\\]]+\\]$", "") + ".length") + ". ";
            }
            else if (assignment != null && assignment.matches(".*\\w\\s*\\[[^\\]]+\\]\\s*;?\\s*$")) {
                advice += code(target) + " gets its value on " + quoteLine(f.code(), assigned) + " from an array index, and reading past the end of an array gives undefined in JavaScript (there is no IndexError). Check the index against the array's " + code(".length") + ". ";
            }
            else if (assignment != null) {
                advice += code(target) + " gets its value on " + quoteLine(f.code(), assigned) + "; check what that expression really returns. ";
            }
            else {
                advice += "Check where it gets its value: a missing object key, a function without " + code("return") + ", or data that hasn't arrived yet. ";
            }
            return advice + "Optional chaining (" + code((target != null ? target : "obj") + "?." + (prop != null ? prop : "x")) + ") tolerates the gap if it is expected.";
        });
        rule("javascript", "TypeError", "Cannot set propert(?:y|ies) of (?<v>undefined|null).*", (f, m) -> "You're assigning a property on " + m.group("v")
                + ". Create the object first (" + code("obj = {}") + ") before setting " + code("obj.key") + ".");
        rule("javascript", "TypeError", "(?<expr>[\\w$.\\[\\]()]+) is not a function.*", (f, m) -> {
            String expr = m.group("expr");
            String method = expr.contains(".") ? expr.substring(expr.lastIndexOf('.') + 1) : expr;
            String fix = JS_METHOD_FIXES.get(method);
            if (fix != null) {
                return code(expr) + " doesn't exist: " + fix + ".";
            }
            String hint = typo(method, f.code());
            return code(expr) + " isn't a function here. " + (hint != null ? hint : "Check the spelling and that the value holds what you think (" + code("console.log(typeof " + expr.replaceAll("\\.[\\w$]+$", "") + ")") + ").");
        });
        rule("javascript", "TypeError", "Assignment to constant variable\\.", (f, m) -> "A " + code("const") + " was given a new value"
                + (f.source() != null ? " on " + code(f.source().strip()) : "") + ". Declare it with " + code("let") + " if it must change.");
        rule("javascript", "TypeError", "(?<what>.+) is not iterable", (f, m) -> code(m.group("what")) + " can't be looped with " + code("for...of")
                + " or spread. For an object use " + code("Object.entries(obj)") + "; otherwise check that it's an array.");
        rule("javascript", "SyntaxError", "Unexpected end of input", (f, m) -> "The file ended while a " + code("{") + ", " + code("(") + " or " + code("[") + " was still open. Count the brackets near the end; one closing brace is probably missing.");
        rule("javascript", "SyntaxError", "Identifier '(?<name>[\\w$]+)' has already been declared", (f, m) -> code(m.group("name"))
                + " is declared twice in the same scope. Drop the second " + code("let") + "/" + code("const") + " and just assign: " + code(m.group("name") + " = ...") + ".");
        rule("javascript", "SyntaxError", "missing \\) after argument list", (f, m) -> "A call on this line is missing its closing " + code(")") + ", or a comma or a quote between its arguments.");
        rule("javascript", "SyntaxError", "Invalid or unexpected token", (f, m) -> "There's a character JavaScript can't read here: usually a string without its closing quote, or a curly quote (“ ”) pasted from a document.");
        rule("javascript", "SyntaxError", "Cannot use import statement outside a module", (f, m) -> "This file is run as CommonJS. Use " + code("const x = require('x')") + ", or name the file " + code(".mjs") + ".");
        rule("javascript", "SyntaxError", "(?s).*", (f, m) -> "JavaScript couldn't parse " + (f.line() > 0 ? "line " + f.line() : "the code") + " (" + m.group() + "). Look for a missing bracket, comma or quote on it or just before it.");
        rule("javascript", "RangeError", "Maximum call stack size exceeded", (f, m) -> recursionAdvice(f, f.error().function()));
        rule("javascript", "RangeError", "Invalid array length", (f, m) -> "An array was created with a negative or huge length. Check the number passed to " + code("new Array(n)") + ".");
        rule("javascript", "Error", "Cannot find module '(?<mod>[^']+)'.*", (f, m) -> {
            String mod = m.group("mod");
            if (mod.startsWith("./") || mod.startsWith("../")) {
                String name = ParsedError.baseName(mod);
                String file = name.endsWith(".js") ? name : name + ".js";
                return "There is no " + code(file) + " next to your program. Save it in this session as " + code(file)
                        + " (saved so far: " + savedFileList(f.savedFiles()) + ") and run again.";
            }
            return code(mod) + " is an npm package that isn't installed in the sandbox, and runs have no network. Use Node's built-in modules for this run.";
        });
        rule("javascript", ".*", "(?s).*", (f, m) -> "Your code threw " + code(f.error().type()) + (f.error().message().isEmpty() ? "" : " saying “" + f.error().message() + "”")
                + (f.line() > 0 ? " on line " + f.line() : "") + ". Log the values the line uses just before it to see which one is off.");

        // ---------------------------------------------------------------- Java

        rule("java", ".*NullPointerException", "Cannot (?<action>invoke|read|load from|store to|assign|throw|enter synchronized block)(?<rest>.*?) because (?<what>.+) is null", (f, m) -> {
            String what = m.group("what").strip();
            String name = what.replaceAll("^\"|\"$", "");
            if (what.startsWith("the return value of")) {
                String method = what.replaceFirst("the return value of ", "").replaceAll("\"", "");
                return code(method) + " returned null and the code used the result right away. Check for null before using it, or make the method return a real value (an empty list or string instead of null).";
            }
            if (name.startsWith("<local")) {
                name = "a local variable";
            }
            else {
                name = code(name);
            }
            String call = m.group("rest").replaceAll("\"", "").strip();
            return name + " is null when line " + f.line() + " tries to " + m.group("action") + (call.isEmpty() ? "" : " " + code(call))
                    + ". Give it a value before this line (e.g. " + code("new ...") + " or a default), or check " + code("if (x != null)") + " first.";
        });
        rule("java", ".*NullPointerException", "(?s).*", (f, m) -> "Something on line " + f.line() + " is null: "
                + "a field or array element that was never assigned, or a method that returned null. Print the values used there, or initialize them where they are declared.");
        rule("java", ".*ArrayIndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)", (f, m) -> {
            int i = Integer.parseInt(m.group("i"));
            int n = Integer.parseInt(m.group("n"));
            String advice = "Index " + i + " was used on an array of length " + n + ", whose valid indexes are "
                    + (n == 0 ? "none at all (it is empty)" : "0 to " + (n - 1)) + ". ";
            int loop = f.code().findLineBackwards(Pattern.compile("for\\s*\\(.*<=\\s*[\\w.]+\\.length"), f.line() > 0 ? f.line() : Integer.MAX_VALUE);
            if (i == n && loop > 0) {
                return advice + capitalize(quoteLine(f.code(), loop)) + " loops with " + code("<=") + "; use " + code("<") + " so it stops at " + code("length - 1") + ".";
            }
            if (i == n) {
                return advice + "Index " + i + " is exactly the length: an off-by-one, usually " + code("<=") + " where " + code("<") + " belongs.";
            }
            if (i < 0) {
                return advice + "A negative index means the computation of the index went wrong (e.g. " + code("i - 1") + " when " + code("i") + " is 0).";
            }
            return advice + "Check the index against " + code("array.length") + " before using it.";
        });
        rule("java", ".*StringIndexOutOfBoundsException", "(?s).*", (f, m) -> "A string position is past its end (" + m.group() + "). " + code("charAt(i)")
                + " and " + code("substring") + " take positions 0 to " + code("length() - 1") + "; check " + code("s.length()") + " first.");
        rule("java", ".*IndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)", (f, m) -> code("get(" + m.group("i") + ")")
                + " was called on a list of size " + m.group("n") + ", which has positions " + (m.group("n").equals("0") ? "none: it is empty" : "0 to " + (Integer.parseInt(m.group("n")) - 1))
                + ". Check " + code("list.size()") + " first, or loop with " + code("for (var x : list)") + ".");
        rule("java", ".*ArithmeticException", "/ by zero", (f, m) -> {
            String divisor = null;
            if (f.source() != null) {
                Matcher division = Pattern.compile("[/%]\\s*(\\(?[\\w.()\\[\\]]+\\)?)").matcher(f.source());
                if (division.find()) {
                    divisor = division.group(1);
                }
            }
            return "Integer division by zero" + (divisor != null ? ": " + code(divisor) + " is 0 here" : "") + ". Guard it with "
                    + code("if (" + (divisor != null ? divisor : "d") + " != 0)") + ", or check why it is 0 (an empty array's length, a counter never incremented).";
        });
        rule("java", ".*NumberFormatException", "For input string: \"(?<v>.*)\"(?<radix>.*)", (f, m) -> {
            String v = m.group("v");
            if (!v.equals(v.strip())) {
                return code("Integer.parseInt") + " got " + code("\"" + v + "\"") + " with spaces around it: call " + code(".trim()") + " first.";
            }
            if (v.matches("-?\\d+\\.\\d*")) {
                return code("\"" + v + "\"") + " has a decimal point; parse it with " + code("Double.parseDouble") + ".";
            }
            return code("\"" + v + "\"") + " isn't a whole number, so " + code("Integer.parseInt") + " gave up. Validate the input, or catch " + code("NumberFormatException") + ".";
        });
        rule("java", ".*NumberFormatException", "(?s).*", (f, m) -> "A string that isn't a number was parsed as one (" + m.group() + "). Validate or trim the input before parsing.");
        rule("java", ".*InputMismatchException", "(?s).*", (f, m) -> code("Scanner.nextInt()") + " (or " + code("nextDouble") + ") read something that isn't a number. Check the run's input, or read with " + code("nextLine()") + " and parse it yourself.");
        rule("java", ".*NoSuchElementException", "(?s).*", (f, m) -> f.run().code().contains("Scanner")
                ? "The " + code("Scanner") + " ran out of input. Give the run some input, or check " + code("hasNextInt()") + "/" + code("hasNextLine()") + " before reading."
                : "An iterator or Optional was empty when the code asked for an element. Check " + code("hasNext()") + " or " + code("isPresent()") + " first.");
        rule("java", ".*ClassCastException", "class (?<a>[\\w.$]+) cannot be cast to class (?<b>[\\w.$]+).*", (f, m) -> "A " + code(m.group("a"))
                + " was cast to " + code(m.group("b")) + ", which it isn't. Check with " + code("instanceof") + " before casting, or fix the declared type of the collection.");
        rule("java", ".*ConcurrentModificationException", "(?s).*", (f, m) -> "The list was changed while a for-each loop walked over it. Remove items with "
                + code("list.removeIf(x -> ...)") + " or an " + code("Iterator") + "'s " + code("remove()") + ".");
        rule("java", ".*StackOverflowError", "(?s).*", (f, m) -> {
            String function = f.error().function();
            return recursionAdvice(f, function);
        });
        rule("java", ".*OutOfMemoryError", "(?s).*", (f, m) -> memoryAdvice(f));
        rule("java", "compile error", "cannot find symbol", "Compile error (cannot find symbol)", (f, m) -> {
            String symbol = f.error().notes().stream().filter(n -> n.startsWith("symbol:")).findFirst().orElse("");
            Matcher parts = Pattern.compile("symbol:\\s+(?<kind>\\w+)\\s+(?<name>[\\w$]+)").matcher(symbol);
            if (!parts.find()) {
                return "The compiler doesn't know a name used on line " + f.line() + ". Check spelling, case and imports.";
            }
            String name = parts.group("name");
            String kind = parts.group("kind");
            String importLine = JAVA_IMPORTS.get(name);
            if (importLine != null) {
                return code(name) + " needs an import: add " + code("import " + importLine + ";") + " at the top of the file.";
            }
            String hint = typo(name, f.code());
            return "The " + kind + " " + code(name) + " isn't declared where line " + f.line() + " uses it. " + (hint != null ? hint : "")
                    + "Java is case-sensitive, and a variable declared inside a block " + code("{...}") + " doesn't exist outside it.";
        });
        rule("java", "compile error", "'(?<t>[;)\\]}])' expected", "Compile error (missing token)", (f, m) -> {
            int previous = f.code().previousCodeLine(f.line());
            return "A " + code(m.group("t")) + " is missing at the end of line " + f.line()
                    + (m.group("t").equals(";") && previous > 0 && f.source() != null && f.source().isBlank() ? " (or of " + quoteLine(f.code(), previous) + ")" : "")
                    + ". Every Java statement ends with " + code(";") + ".";
        });
        rule("java", "compile error", "incompatible types: (?<a>.+) cannot be converted to (?<b>.+)", "Compile error (incompatible types)", (f, m) -> {
            String a = m.group("a").strip();
            String b = m.group("b").strip();
            if (a.equals("String") && (b.equals("int") || b.equals("double"))) {
                return "A String can't be stored in an " + b + ". Parse it: " + code(b.equals("int") ? "Integer.parseInt(text)" : "Double.parseDouble(text)") + ".";
            }
            if (b.equals("String")) {
                return "A " + a + " can't be stored in a String. Convert it with " + code("String.valueOf(x)") + ".";
            }
            if (a.contains("possible lossy conversion")) {
                return "Narrowing a number loses precision, so Java wants it spelled out: cast with " + code("(int) x") + " or use " + code("Math.round(x)") + ".";
            }
            return "A " + code(a) + " was used where a " + code(b) + " is needed. Convert the value or change the variable's type.";
        });
        rule("java", "compile error", "incompatible types: possible lossy conversion from (?<a>\\w+) to (?<b>\\w+)", "Compile error (lossy conversion)", (f, m) -> "A "
                + m.group("a") + " doesn't fit in an " + m.group("b") + " without losing precision. Cast explicitly: " + code("(" + m.group("b") + ") value") + ", or declare the variable as " + code(m.group("a")) + ".");
        rule("java", "compile error", "class (?<c>\\w+) is public, should be declared in a file named (?<f>[\\w.]+)", "Compile error (class name)", (f, m) -> "The public class is "
                + code(m.group("c")) + ", so the file must be " + code(m.group("f")) + ". Rename the class (usually to " + code("Main") + ") or the file.");
        rule("java", "compile error", "missing return statement", "Compile error (missing return)", (f, m) -> "A method that returns a value can end without returning one: some " + code("if") + "/" + code("else") + " path falls off the end. Add a " + code("return") + " after the last branch.");
        rule("java", "compile error", "variable (?<v>\\w+) might not have been initialized", "Compile error (uninitialized variable)", (f, m) -> code(m.group("v"))
                + " can be read before anything is assigned to it. Give it a starting value where it is declared, e.g. " + code("int " + m.group("v") + " = 0;") + ".");
        rule("java", "compile error", "non-static (?<kind>method|variable) (?<n>.+) cannot be referenced from a static context", "Compile error (static context)", (f, m) -> code("main")
                + " is static, so it can't use the " + m.group("kind") + " " + code(m.group("n")) + " directly. Make it " + code("static") + ", or create an object and call it on that.");
        rule("java", "compile error", "reached end of file while parsing", "Compile error (missing brace)", (f, m) -> "The file ends before every " + code("{") + " is closed. Add the missing " + code("}") + ", usually at the end of a method or the class.");
        rule("java", "compile error", "unreported exception (?<e>[\\w.]+); must be caught or declared to be thrown", "Compile error (checked exception)", (f, m) -> code(m.group("e"))
                + " must be handled: wrap the call in " + code("try { ... } catch (" + m.group("e").replaceAll(".*\\.", "") + " e) { ... }") + " or add " + code("throws " + m.group("e").replaceAll(".*\\.", "")) + " to the method.");
        rule("java", "compile error", "unclosed string literal", "Compile error (unclosed string)", (f, m) -> "A string on this line has no closing " + code("\"") + ".");
        rule("java", "compile error", "(?s).*", "Compile error", (f, m) -> "javac stopped at line " + f.line() + ": " + m.group() + ". Fix that line (or the one just above it) and compile again.");
        rule("java", ".*", "(?s).*", (f, m) -> "Your program threw " + code(f.error().simpleType()) + (f.error().message().isEmpty() ? "" : " (“" + f.error().message() + "”)")
                + (f.line() > 0 ? " at line " + f.line() : "") + ". Look at the values used there; if the exception is thrown on purpose, catch it where you can handle it.");

        // ---------------------------------------------------------------- C and C++

        rule("native", "compile error", "'(?<name>\\w+)' undeclared.*|'(?<name2>\\w+)' was not declared in this scope.*|use of undeclared identifier '(?<name3>\\w+)'.*", "Compile error (undeclared identifier)", (f, m) -> {
            String name = m.group("name") != null ? m.group("name") : m.group("name2") != null ? m.group("name2") : m.group("name3");
            boolean cpp = f.run().language().toLowerCase(Locale.ROOT).contains("pp") || f.run().language().equalsIgnoreCase("c++");
            String header = headerFor(name, cpp);
            if (header != null) {
                return code(name) + " is declared in " + code(header) + ": add " + code("#include " + header) + " at the top"
                        + (cpp && CPP_HEADERS.containsKey(name) ? ", and write " + code("std::" + name) + " (or " + code("using namespace std;") + ")" : "") + ".";
            }
            String hint = typo(name, f.code());
            return "Undeclared identifier " + code(name) + ": it has no declaration before line " + f.line() + ". " + (hint != null ? hint : "")
                    + "Declare it (e.g. " + code("int " + name + " = 0;") + ") before its first use, in a scope that reaches this line.";
        });
        rule("native", "compile error", "'(?<name>\\w+)' is not a member of 'std'.*", "Compile error (missing include)", (f, m) -> {
            String header = CPP_HEADERS.get(m.group("name"));
            return code("std::" + m.group("name")) + " needs " + (header != null ? code("#include " + header) : "its header") + " at the top of the file.";
        });
        rule("native", "compile error", "implicit declaration of function '(?<fn>\\w+)'.*", "Compile error (implicit declaration)", (f, m) -> {
            String header = headerFor(m.group("fn"), false);
            if (header != null) {
                return code(m.group("fn")) + " is used without its header: add " + code("#include " + header) + " at the top.";
            }
            int defined = f.code().definitionOf(m.group("fn"));
            return code(m.group("fn")) + " is called before the compiler has seen it. " + (defined > f.line() ? "It's defined further down, on line " + defined + ": move it above " + code("main") + " or put a prototype at the top." : "Declare it (a prototype) before its first use, or check the spelling.");
        });
        rule("native", "compile error", "expected '(?<t>[;,)\\]}])' before (?<before>.+)", "Compile error (missing token)", (f, m) -> {
            String t = m.group("t");
            String where = "";
            if (t.equals(";") && f.source() != null) {
                // gcc 8 and later point just past the end of the line that lacks it; older ones at the next statement
                boolean pastTheEnd = f.error().column() > f.source().stripTrailing().length();
                int missingOn = pastTheEnd ? f.line() : f.code().previousCodeLine(f.line());
                if (missingOn > 0) {
                    where = " Put it at the end of " + quoteLine(f.code(), missingOn) + ".";
                }
            }
            return (t.equals(";") ? "Missing semicolon: a " : "A ") + code(t) + " is missing before " + m.group("before").strip() + "." + where;
        });
        rule("native", "compile error", "expected declaration or statement at end of input.*", "Compile error (missing brace)", (f, m) -> "The file ends while a "
                + code("{") + " is still open. Add the missing " + code("}") + ", usually the one closing " + code("main") + " or a loop.");
        rule("native", "compile error", "missing terminating (?<q>[\"']) character", "Compile error (unclosed string)", (f, m) -> "A string or character literal on this line has no closing " + code(m.group("q")) + ".");
        rule("native", "compile error", "lvalue required as left operand of assignment", "Compile error (assignment)", (f, m) -> "Something that can't be assigned is on the left of "
                + code("=") + ". To compare, write " + code("==") + ".");
        rule("native", "compile error", "stray '.*' in program", "Compile error (stray character)", (f, m) -> "There's a character C can't read on this line, usually a curly quote (“ ” ‘ ’) pasted from a document. Retype the quotes.");
        rule("native", "compile error", "conflicting types for '(?<fn>\\w+)'.*", "Compile error (conflicting types)", (f, m) -> code(m.group("fn"))
                + " is declared twice with different types, or used before its declaration (C then assumes it returns int). Make the prototype and the definition match and put the prototype first.");
        rule("native", "compile error", "redefinition of '(?<name>[^']+)'.*", "Compile error (redefinition)", (f, m) -> code(m.group("name")) + " is defined twice. Remove or rename one of them.");
        rule("native", "compile error", "no matching function for call to '(?<fn>[^']+)'.*", "Compile error (no matching function)", (f, m) -> "No version of " + code(m.group("fn"))
                + " takes the arguments given on this line. Check the number and the types of the arguments against its declaration.");
        rule("native", "compile error", "(?s).*", "Compile error", (f, m) -> "The compiler stopped at line " + f.line() + ": " + m.group() + ". Fix that line (or the one just above it); the first error often causes the others.");
        rule("native", "linker error", "undefined reference to '(?<sym>\\w+)'", "Linker error", (f, m) -> {
            String sym = m.group("sym");
            if (sym.equals("main")) {
                return "There is no " + code("int main()") + " function, so the program has no starting point. Check its spelling (it's lowercase " + code("main") + ").";
            }
            if (Set.of("sqrt", "pow", "sin", "cos", "log", "floor", "ceil", "exp").contains(sym)) {
                return code(sym) + " lives in the math library, which C links only with " + code("-lm") + ". Include " + code("<math.h>") + "; if the linker still can't find it, avoid the call with constant arguments or compute it yourself.";
            }
            return code(sym) + " is declared (so it compiles) but never defined anywhere. Write its body, or fix the spelling so the call and the definition match.";
        });
        rule("native", "assertion failed", "(?s).*", "Assertion failed", (f, m) -> "The " + code("assert(" + m.group() + ")") + (f.line() > 0 ? " on line " + f.line() : "")
                + " was false, so the program aborted. Print the values it checks just before it.");
        rule("native", "memory corruption", "stack smashing detected", "Buffer overflow", (f, m) -> {
            int risky = f.code().findLine(Pattern.compile("\\b(gets|strcpy|strcat|sprintf)\\s*\\(|scanf\\s*\\(\\s*\"%s"));
            return "A local array was written past its end, overwriting the stack. " + (risky > 0 ? "Suspect " + quoteLine(f.code(), risky) + ": it copies without a length limit; use "
                    + code("fgets") + "/" + code("strncpy") + " or " + code("%19s") + " with the buffer's size." : "Check every write into a fixed-size array against its size.");
        });
        rule("native", "memory corruption", "(?s).*", "Heap corruption", (f, m) -> "glibc caught a heap error (“" + m.group() + "”): memory freed twice, freed memory used again, or a write past the end of a " + code("malloc") + "ed block. Set pointers to NULL after " + code("free") + ", and check array bounds.");
        rule("native", "std::out_of_range", "(?s).*", (f, m) -> "An index was out of range (" + m.group() + "). " + code(".at(i)") + " checks bounds: make sure " + code("i < v.size()") + ".");
        rule("native", ".*", "(?s).*", (f, m) -> "The program threw " + code(f.error().type()) + (f.error().message().isEmpty() ? "" : " (“" + f.error().message() + "”)")
                + " and nothing caught it. Catch it where you can handle it, or fix the cause.");
    }
}
