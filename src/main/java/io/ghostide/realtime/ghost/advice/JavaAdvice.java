package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.capitalize;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;
import static io.ghostide.realtime.ghost.advice.LineExpressions.divisor;
import static io.ghostide.realtime.ghost.advice.RunawayAdvice.memoryAdvice;
import static io.ghostide.realtime.ghost.advice.RunawayAdvice.recursionAdvice;

/**
 * The advice rules for Java compile errors and exceptions, in the order they are tried; the last one takes any error.
 */
final class JavaAdvice {

    private static final Map<String, String> IMPORTS = Map.ofEntries(
            Map.entry("Scanner", "java.util.Scanner"), Map.entry("ArrayList", "java.util.ArrayList"),
            Map.entry("List", "java.util.List"), Map.entry("HashMap", "java.util.HashMap"),
            Map.entry("Map", "java.util.Map"), Map.entry("HashSet", "java.util.HashSet"),
            Map.entry("Set", "java.util.Set"), Map.entry("Arrays", "java.util.Arrays"),
            Map.entry("Random", "java.util.Random"), Map.entry("LinkedList", "java.util.LinkedList"),
            Map.entry("Collections", "java.util.Collections"), Map.entry("Optional", "java.util.Optional"),
            Map.entry("Stream", "java.util.stream.Stream"), Map.entry("Collectors", "java.util.stream.Collectors"),
            Map.entry("BufferedReader", "java.io.BufferedReader"),
            Map.entry("InputStreamReader", "java.io.InputStreamReader"),
            Map.entry("IOException", "java.io.IOException"),
            Map.entry("LocalDate", "java.time.LocalDate"), Map.entry("BigInteger", "java.math.BigInteger"),
            Map.entry("BigDecimal", "java.math.BigDecimal"), Map.entry("Deque", "java.util.Deque"),
            Map.entry("ArrayDeque", "java.util.ArrayDeque"), Map.entry("Queue", "java.util.Queue"),
            Map.entry("TreeMap", "java.util.TreeMap"), Map.entry("Iterator", "java.util.Iterator"));

    static final List<Rule> RULES = List.of(
            rule(".*NullPointerException",
                    "Cannot (?<action>invoke|read|load from|store to|assign|throw|enter synchronized block)"
                    + "(?<rest>.*?) because (?<what>.+) is null", (f, m) -> {
                String what = m.group("what").strip();
                String name = what.replaceAll("^\"|\"$", "");
                if (what.startsWith("the return value of")) {
                    String method = what.replaceFirst("the return value of ", "").replaceAll("\"", "");
                    return text("java.null.return-value", "method", method);
                }
                String call = m.group("rest").replaceAll("\"", "").strip();
                return text("java.null",
                        "name", name.startsWith("<local") ? text("java.null.local-variable") : code(name),
                        "line", f.line(), "action", m.group("action"),
                        "call", call.isEmpty() ? "" : text("java.null.call", "call", call));
            }),
            rule(".*NullPointerException", "(?s).*", (f, m) -> text("java.null.unexplained", "line", f.line())),
            rule(".*ArrayIndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)",
                    (f, m) -> {
                int i = Integer.parseInt(m.group("i"));
                int n = Integer.parseInt(m.group("n"));
                int loop = f.code().findLineBackwards(Pattern.compile("for\\s*\\(.*<=\\s*[\\w.]+\\.length"),
                        f.line() > 0 ? f.line() : Integer.MAX_VALUE);
                String remedy;
                if (i == n && loop > 0) {
                    remedy = text("java.array-index.loop", "line", capitalize(quoteLine(f.code(), loop)));
                }
                else if (i == n) {
                    remedy = text("java.array-index.length", "index", i);
                }
                else if (i < 0) {
                    remedy = text("java.array-index.negative");
                }
                else {
                    remedy = text("java.array-index.check");
                }
                return text("java.array-index", "index", i, "length", n,
                        "valid", n == 0 ? text("java.array-index.empty") : text("java.index-range", "last", n - 1),
                        "remedy", remedy);
            }),
            rule(".*StringIndexOutOfBoundsException", "(?s).*", (f, m) ->
                    text("java.string-index", "message", m.group())),
            rule(".*IndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)", (f, m) -> {
                int n = Integer.parseInt(m.group("n"));
                return text("java.list-index", "index", m.group("i"), "size", m.group("n"),
                        "valid", n == 0 ? text("java.list-index.empty") : text("java.index-range", "last", n - 1));
            }),
            rule(".*ArithmeticException", "/ by zero", (f, m) -> {
                String divisor = divisor(f.source());
                return text("java.division",
                        "where", divisor != null ? text("java.division.named", "divisor", divisor) : "",
                        "divisor", divisor != null ? divisor : "d");
            }),
            rule(".*NumberFormatException", "For input string: \"(?<v>.*)\"(?<radix>.*)", (f, m) -> {
                String v = m.group("v");
                if (!v.equals(v.strip())) {
                    return text("java.number.spaces", "value", v);
                }
                if (v.matches("-?\\d+\\.\\d*")) {
                    return text("java.number.decimal", "value", v);
                }
                return text("java.number", "value", v);
            }),
            rule(".*NumberFormatException", "(?s).*", (f, m) -> text("java.not-a-number", "message", m.group())),
            rule(".*InputMismatchException", "(?s).*", (f, m) -> text("java.input-mismatch")),
            rule(".*NoSuchElementException", "(?s).*", (f, m) -> {
                boolean scanner = f.run().code().contains("Scanner");
                return text(scanner ? "java.scanner-empty" : "java.nothing-left");
            }),
            rule(".*ClassCastException", "class (?<a>[\\w.$]+) cannot be cast to class (?<b>[\\w.$]+).*", (f, m) ->
                    text("java.class-cast", "from", m.group("a"), "to", m.group("b"))),
            rule(".*ConcurrentModificationException", "(?s).*", (f, m) -> text("java.concurrent-modification")),
            rule(".*StackOverflowError", "(?s).*", (f, m) -> {
                String function = f.error().function();
                return recursionAdvice(f, function);
            }),
            rule(".*OutOfMemoryError", "(?s).*", (f, m) -> memoryAdvice(f)),
            rule("compile error", "cannot find symbol", "Compile error (cannot find symbol)", (f, m) -> {
                String symbol = f.error().notes().stream().filter(n -> n.startsWith("symbol:")).findFirst().orElse("");
                Matcher parts = Pattern.compile("symbol:\\s+(?<kind>\\w+)\\s+(?<name>[\\w$]+)").matcher(symbol);
                if (!parts.find()) {
                    return text("java.symbol.unnamed", "line", f.line());
                }
                String name = parts.group("name");
                String importLine = IMPORTS.get(name);
                if (importLine != null) {
                    return text("java.symbol.import", "name", name, "type", importLine);
                }
                String hint = typo(name, f.code());
                return text("java.symbol", "kind", parts.group("kind"), "name", name, "line", f.line(),
                        "hint", hint != null ? hint : "");
            }),
            rule("compile error", "'(?<t>[;)\\]}])' expected", "Compile error (missing token)", (f, m) -> {
                int previous = f.code().previousCodeLine(f.line());
                boolean blank = m.group("t").equals(";") && previous > 0 && f.source() != null && f.source().isBlank();
                return text("java.missing-token", "token", m.group("t"), "line", f.line(),
                        "previous", blank
                                ? text("java.missing-token.previous", "line", quoteLine(f.code(), previous)) : "");
            }),
            rule("compile error", "incompatible types: (?<a>.+) cannot be converted to (?<b>.+)",
                    "Compile error (incompatible types)", (f, m) -> {
                String a = m.group("a").strip();
                String b = m.group("b").strip();
                if (a.equals("String") && (b.equals("int") || b.equals("double"))) {
                    return text("java.incompatible.parse", "type", b,
                            "parse", b.equals("int") ? "Integer.parseInt(text)" : "Double.parseDouble(text)");
                }
                if (b.equals("String")) {
                    return text("java.incompatible.to-string", "type", a);
                }
                if (a.contains("possible lossy conversion")) {
                    return text("java.incompatible.lossy");
                }
                return text("java.incompatible", "from", a, "to", b);
            }),
            rule("compile error", "incompatible types: possible lossy conversion from (?<a>\\w+) to (?<b>\\w+)",
                    "Compile error (lossy conversion)", (f, m) ->
                    text("java.lossy", "from", m.group("a"), "to", m.group("b"))),
            rule("compile error", "class (?<c>\\w+) is public, should be declared in a file named (?<f>[\\w.]+)",
                    "Compile error (class name)", (f, m) ->
                    text("java.class-name", "type", m.group("c"), "file", m.group("f"))),
            rule("compile error", "missing return statement", "Compile error (missing return)", (f, m) ->
                    text("java.missing-return")),
            rule("compile error", "variable (?<v>\\w+) might not have been initialized",
                    "Compile error (uninitialized variable)", (f, m) ->
                    text("java.uninitialized", "name", m.group("v"))),
            rule("compile error",
                    "non-static (?<kind>method|variable) (?<n>.+) cannot be referenced from a static context",
                    "Compile error (static context)", (f, m) ->
                    text("java.static-context", "kind", m.group("kind"), "name", m.group("n"))),
            rule("compile error", "reached end of file while parsing", "Compile error (missing brace)", (f, m) ->
                    text("java.missing-brace")),
            rule("compile error", "unreported exception (?<e>[\\w.]+); must be caught or declared to be thrown",
                    "Compile error (checked exception)", (f, m) ->
                    text("java.checked-exception", "exception", m.group("e"),
                            "simple", m.group("e").replaceAll(".*\\.", ""))),
            rule("compile error", "unclosed string literal", "Compile error (unclosed string)", (f, m) ->
                    text("java.unclosed-string")),
            rule("compile error", "(?s).*", "Compile error", (f, m) ->
                    text("java.compile-error", "line", f.line(), "message", m.group())),
            rule(".*", "(?s).*", (f, m) -> text("java.uncaught", "type", f.error().simpleType(),
                    "saying", f.error().message().isEmpty() ? ""
                            : text("java.uncaught.saying", "message", f.error().message()),
                    "where", f.line() > 0 ? text("java.uncaught.at-line", "line", f.line()) : "")));

    private JavaAdvice() {
    }
}
