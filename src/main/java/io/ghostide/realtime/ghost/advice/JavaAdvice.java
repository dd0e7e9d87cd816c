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
import static io.ghostide.realtime.ghost.advice.AdviceText.divisor;
import static io.ghostide.realtime.ghost.advice.AdviceText.memoryAdvice;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.recursionAdvice;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;

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
            Map.entry("InputStreamReader", "java.io.InputStreamReader"), Map.entry("IOException", "java.io.IOException"),
            Map.entry("LocalDate", "java.time.LocalDate"), Map.entry("BigInteger", "java.math.BigInteger"),
            Map.entry("BigDecimal", "java.math.BigDecimal"), Map.entry("Deque", "java.util.Deque"),
            Map.entry("ArrayDeque", "java.util.ArrayDeque"), Map.entry("Queue", "java.util.Queue"),
            Map.entry("TreeMap", "java.util.TreeMap"), Map.entry("Iterator", "java.util.Iterator"));

    static final List<Rule> RULES = List.of(
            rule(".*NullPointerException",
                    "Cannot (?<action>invoke|read|load from|store to|assign|throw|enter synchronized block)(?<rest>.*?) because "
                    + "(?<what>.+) is null", (f, m) -> {
                String what = m.group("what").strip();
                String name = what.replaceAll("^\"|\"$", "");
                if (what.startsWith("the return value of")) {
                    String method = what.replaceFirst("the return value of ", "").replaceAll("\"", "");
                    return code(method)
                            + " returned null and the code used the result right away. Check for null before using it, or make the "
                            + "method return a real value (an empty list or string instead of null).";
                }
                if (name.startsWith("<local")) {
                    name = "a local variable";
                }
                else {
                    name = code(name);
                }
                String call = m.group("rest").replaceAll("\"", "").strip();
                return name + " is null when line " + f.line() + " tries to " + m.group("action") + (call.isEmpty() ? "" : " " + code(call))
                        + ". Give it a value before this line (e.g. " + code("new ...") + " or a default), or check "
                        + code("if (x != null)") + " first.";
            }),
            rule(".*NullPointerException", "(?s).*", (f, m) -> "Something on line " + f.line() + " is null: "
                    + "a field or array element that was never assigned, or a method that returned null. Print the values used there, or "
                    + "initialize them where they are declared."),
            rule(".*ArrayIndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)", (f, m) -> {
                int i = Integer.parseInt(m.group("i"));
                int n = Integer.parseInt(m.group("n"));
                String advice = "Index " + i + " was used on an array of length " + n + ", whose valid indexes are "
                        + (n == 0 ? "none at all (it is empty)" : "0 to " + (n - 1)) + ". ";
                int loop = f.code().findLineBackwards(Pattern.compile("for\\s*\\(.*<=\\s*[\\w.]+\\.length"), f.line() > 0 ? f.line()
                        : Integer.MAX_VALUE);
                if (i == n && loop > 0) {
                    return advice + capitalize(quoteLine(f.code(), loop)) + " loops with " + code("<=") + "; use " + code("<")
                            + " so it stops at " + code("length - 1") + ".";
                }
                if (i == n) {
                    return advice + "Index " + i + " is exactly the length: an off-by-one, usually " + code("<=") + " where " + code("<")
                            + " belongs.";
                }
                if (i < 0) {
                    return advice + "A negative index means the computation of the index went wrong (e.g. " + code("i - 1") + " when "
                            + code("i") + " is 0).";
                }
                return advice + "Check the index against " + code("array.length") + " before using it.";
            }),
            rule(".*StringIndexOutOfBoundsException", "(?s).*", (f, m) -> "A string position is past its end (" + m.group() + "). "
                    + code("charAt(i)")
                    + " and " + code("substring") + " take positions 0 to " + code("length() - 1") + "; check " + code("s.length()")
                    + " first."),
            rule(".*IndexOutOfBoundsException", "Index (?<i>-?\\d+) out of bounds for length (?<n>\\d+)",
                    (f, m) -> code("get(" + m.group("i") + ")")
                    + " was called on a list of size " + m.group("n") + ", which has positions " + (m.group("n").equals("0")
                    ? "none: it is empty" : "0 to " + (Integer.parseInt(m.group("n")) - 1))
                    + ". Check " + code("list.size()") + " first, or loop with " + code("for (var x : list)") + "."),
            rule(".*ArithmeticException", "/ by zero", (f, m) -> {
                String divisor = divisor(f.source());
                return "Integer division by zero" + (divisor != null ? ": " + code(divisor) + " is 0 here" : "") + ". Guard it with "
                        + code("if (" + (divisor != null ? divisor : "d") + " != 0)")
                        + ", or check why it is 0 (an empty array's length, a counter never incremented).";
            }),
            rule(".*NumberFormatException", "For input string: \"(?<v>.*)\"(?<radix>.*)", (f, m) -> {
                String v = m.group("v");
                if (!v.equals(v.strip())) {
                    return code("Integer.parseInt") + " got " + code("\"" + v + "\"") + " with spaces around it: call " + code(".trim()")
                            + " first.";
                }
                if (v.matches("-?\\d+\\.\\d*")) {
                    return code("\"" + v + "\"") + " has a decimal point; parse it with " + code("Double.parseDouble") + ".";
                }
                return code("\"" + v + "\"") + " isn't a whole number, so " + code("Integer.parseInt")
                        + " gave up. Validate the input, or catch " + code("NumberFormatException") + ".";
            }),
            rule(".*NumberFormatException", "(?s).*", (f, m) ->
                    text("java.not-a-number", "message", m.group())),
            rule(".*InputMismatchException", "(?s).*", (f, m) -> text("java.input-mismatch")),
            rule(".*NoSuchElementException", "(?s).*", (f, m) -> {
                boolean scanner = f.run().code().contains("Scanner");
                return text(scanner ? "java.scanner-empty" : "java.nothing-left");
            }),
            rule(".*ClassCastException", "class (?<a>[\\w.$]+) cannot be cast to class (?<b>[\\w.$]+).*", (f, m) ->
                    text("java.class-cast", "from", m.group("a"), "to", m.group("b"))),
            rule(".*ConcurrentModificationException", "(?s).*", (f, m) ->
                    text("java.concurrent-modification")),
            rule(".*StackOverflowError", "(?s).*", (f, m) -> {
                String function = f.error().function();
                return recursionAdvice(f, function);
            }),
            rule(".*OutOfMemoryError", "(?s).*", (f, m) -> memoryAdvice(f)),
            rule("compile error", "cannot find symbol", "Compile error (cannot find symbol)", (f, m) -> {
                String symbol = f.error().notes().stream().filter(n -> n.startsWith("symbol:")).findFirst().orElse("");
                Matcher parts = Pattern.compile("symbol:\\s+(?<kind>\\w+)\\s+(?<name>[\\w$]+)").matcher(symbol);
                if (!parts.find()) {
                    return "The compiler doesn't know a name used on line " + f.line() + ". Check spelling, case and imports.";
                }
                String name = parts.group("name");
                String kind = parts.group("kind");
                String importLine = IMPORTS.get(name);
                if (importLine != null) {
                    return code(name) + " needs an import: add " + code("import " + importLine + ";") + " at the top of the file.";
                }
                String hint = typo(name, f.code());
                return "The " + kind + " " + code(name) + " isn't declared where line " + f.line() + " uses it. " + (hint != null ? hint
                        : "")
                        + "Java is case-sensitive, and a variable declared inside a block " + code("{...}") + " doesn't exist outside it.";
            }),
            rule("compile error", "'(?<t>[;)\\]}])' expected", "Compile error (missing token)", (f, m) -> {
                int previous = f.code().previousCodeLine(f.line());
                return "A " + code(m.group("t")) + " is missing at the end of line " + f.line()
                        + (m.group("t").equals(";") && previous > 0 && f.source() != null && f.source().isBlank() ? " (or of "
                        + quoteLine(f.code(), previous) + ")" : "")
                        + ". Every Java statement ends with " + code(";") + ".";
            }),
            rule("compile error", "incompatible types: (?<a>.+) cannot be converted to (?<b>.+)", "Compile error (incompatible types)", (f,
                    m) -> {
                String a = m.group("a").strip();
                String b = m.group("b").strip();
                if (a.equals("String") && (b.equals("int") || b.equals("double"))) {
                    return "A String can't be stored in an " + b + ". Parse it: " + code(b.equals("int") ? "Integer.parseInt(text)"
                            : "Double.parseDouble(text)") + ".";
                }
                if (b.equals("String")) {
                    return "A " + a + " can't be stored in a String. Convert it with " + code("String.valueOf(x)") + ".";
                }
                if (a.contains("possible lossy conversion")) {
                    return "Narrowing a number loses precision, so Java wants it spelled out: cast with " + code("(int) x") + " or use "
                            + code("Math.round(x)") + ".";
                }
                return "A " + code(a) + " was used where a " + code(b) + " is needed. Convert the value or change the variable's type.";
            }),
            rule("compile error", "incompatible types: possible lossy conversion from (?<a>\\w+) to (?<b>\\w+)",
                    "Compile error (lossy conversion)", (f, m) -> "A "
                    + m.group("a") + " doesn't fit in an " + m.group("b") + " without losing precision. Cast explicitly: "
                    + code("(" + m.group("b") + ") value") + ", or declare the variable as " + code(m.group("a")) + "."),
            rule("compile error", "class (?<c>\\w+) is public, should be declared in a file named (?<f>[\\w.]+)",
                    "Compile error (class name)", (f, m) ->
                    text("java.class-name", "type", m.group("c"), "file", m.group("f"))),
            rule("compile error", "missing return statement", "Compile error (missing return)", (f, m) ->
                    text("java.missing-return")),
            rule("compile error", "variable (?<v>\\w+) might not have been initialized", "Compile error (uninitialized variable)", (f, m) ->
                    text("java.uninitialized", "name", m.group("v"))),
            rule("compile error", "non-static (?<kind>method|variable) (?<n>.+) cannot be referenced from a static context",
                    "Compile error (static context)", (f, m) ->
                    text("java.static-context", "kind", m.group("kind"), "name", m.group("n"))),
            rule("compile error", "reached end of file while parsing", "Compile error (missing brace)", (f, m) ->
                    text("java.missing-brace")),
            rule("compile error", "unreported exception (?<e>[\\w.]+); must be caught or declared to be thrown",
                    "Compile error (checked exception)", (f, m) ->
                    text("java.checked-exception", "exception", m.group("e"), "simple", m.group("e").replaceAll(".*\\.", ""))),
            rule("compile error", "unclosed string literal", "Compile error (unclosed string)", (f, m) ->
                    text("java.unclosed-string")),
            rule("compile error", "(?s).*", "Compile error", (f, m) ->
                    text("java.compile-error", "line", f.line(), "message", m.group())),
            rule(".*", "(?s).*", (f, m) -> text("java.uncaught", "type", f.error().simpleType(),
                    "saying", f.error().message().isEmpty() ? "" : text("java.uncaught.saying", "message", f.error().message()),
                    "where", f.line() > 0 ? text("java.uncaught.at-line", "line", f.line()) : "")));

    private JavaAdvice() {
    }
}
