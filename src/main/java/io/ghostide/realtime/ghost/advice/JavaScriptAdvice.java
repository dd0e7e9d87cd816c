package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.recursionAdvice;
import static io.ghostide.realtime.ghost.advice.AdviceText.savedFileList;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;

/**
 * The advice rules for JavaScript (Node.js) errors, in the order they are tried; the last one takes any error.
 */
final class JavaScriptAdvice {

    private static final Map<String, String> METHOD_FIXES = Map.ofEntries(
            Map.entry("append", "arrays grow with `.push(x)`"), Map.entry("add", "arrays grow with `.push(x)` (`add` is for a Set)"),
            Map.entry("length", "`length` is a property: write `.length` without parentheses"),
            Map.entry("size", "arrays have `.length`; `size` belongs to Map and Set"),
            Map.entry("contains", "use `.includes(x)`"), Map.entry("len", "use `.length`"),
            Map.entry("forEach", "the value isn't an array; for an object use `Object.keys(obj).forEach(...)`"),
            Map.entry("map", "the value isn't an array; check what it holds with console.log"),
            Map.entry("toUppercase", "the method is `toUpperCase()`"), Map.entry("toLowercase", "the method is `toLowerCase()`"),
            Map.entry("split", "`split` belongs to strings; convert first with `String(x)`"));

    static final List<Rule> RULES = List.of(
            rule("ReferenceError", "(?<name>[\\w$]+) is not defined", (f, m) -> {
                String name = m.group("name");
                if (Set.of("document", "window", "alert", "prompt", "localStorage", "fetch_").contains(name)) {
                    return text("javascript.browser-only", "name", name,
                            "input", name.equals("prompt") ? text("javascript.browser-only.input") : "");
                }
                if (name.equals("require")) {
                    return text("javascript.require-in-module");
                }
                String hint = typo(name, f.code());
                return text("javascript.not-defined", "name", name, "hint", hint != null ? hint : "");
            }),
            rule("ReferenceError", "Cannot access '(?<name>[\\w$]+)' before initialization", (f, m) ->
                    text("javascript.before-initialization", "name", m.group("name"))),
            rule("TypeError", "Cannot read propert(?:y|ies) of (?<v>undefined|null)(?: \\(reading '(?<p>[^']+)'\\))?|Cannot read "
                    + "property '(?<p2>[^']+)' of (?<v2>undefined|null)", (f, m) -> {
                String prop = m.group("p") != null ? m.group("p") : m.group("p2");
                String value = m.group("v") != null ? m.group("v") : m.group("v2");
                String target = null;
                if (prop != null && f.source() != null) {
                    Matcher access = Pattern.compile("([\\w$][\\w$.]*(?:\\[[^\\]]+\\])*)\\s*(?:\\.\\s*" + Pattern.quote(prop)
                            + "\\b|\\[\\s*['\"]?" + Pattern.quote(prop) + "['\"]?\\s*\\])").matcher(f.source());
                    if (access.find()) {
                        target = access.group(1);
                    }
                }
                String advice = (target != null ? code(target) : "The value") + " is " + value + " when the code reads "
                        + (prop != null ? code("." + prop) : "a property") + " from it. ";
                int assigned = target != null && target.matches("[\\w$]+") && f.line() > 0
                        ? f.code().findLineBackwards(Pattern.compile("(?:\\b(?:const|let|var)\\s+|^\\s*)" + Pattern.quote(target)
                        + "\\s*=[^=]"), f.line() - 1) : 0;
                String assignment = assigned > 0 ? f.code().line(assigned) : null;
                if (target != null && target.matches(".*\\[[^\\]]+\\]$")) {
                    advice += "Reading past the end of an array gives undefined in JavaScript (there is no IndexError), so check the "
                            + "index against " + code(target.replaceAll("\\[[^\\]]+\\]$", "") + ".length") + ". ";
                }
                else if (assignment != null && assignment.matches(".*\\w\\s*\\[[^\\]]+\\]\\s*;?\\s*$")) {
                    advice += code(target) + " gets its value on " + quoteLine(f.code(), assigned)
                            + " from an array index, and reading past the end of an array gives undefined in JavaScript (there is no "
                            + "IndexError). Check the index against the array's " + code(".length") + ". ";
                }
                else if (assignment != null) {
                    advice += code(target) + " gets its value on " + quoteLine(f.code(), assigned)
                            + "; check what that expression really returns. ";
                }
                else {
                    advice += "Check where it gets its value: a missing object key, a function without " + code("return")
                            + ", or data that hasn't arrived yet. ";
                }
                return advice + "Optional chaining (" + code((target != null ? target : "obj") + "?." + (prop != null ? prop : "x"))
                        + ") tolerates the gap if it is expected.";
            }),
            rule("TypeError", "Cannot set propert(?:y|ies) of (?<v>undefined|null).*", (f, m) ->
                    text("javascript.cannot-set", "value", m.group("v"))),
            rule("TypeError", "(?<expr>[\\w$.\\[\\]()]+) is not a function.*", (f, m) -> {
                String expr = m.group("expr");
                String method = expr.contains(".") ? expr.substring(expr.lastIndexOf('.') + 1) : expr;
                String fix = METHOD_FIXES.get(method);
                if (fix != null) {
                    return text("javascript.missing-method", "expr", expr, "fix", fix);
                }
                String hint = typo(method, f.code());
                return text("javascript.not-a-function", "expr", expr, "hint", hint != null ? hint
                        : text("javascript.not-a-function.check", "value", expr.replaceAll("\\.[\\w$]+$", "")));
            }),
            rule("TypeError", "Assignment to constant variable\\.", (f, m) -> f.source() != null
                    ? text("javascript.const-assigned-on", "source", f.source().strip()) : text("javascript.const-assigned")),
            rule("TypeError", "(?<what>.+) is not iterable", (f, m) ->
                    text("javascript.not-iterable", "what", m.group("what"))),
            rule("SyntaxError", "Unexpected end of input", (f, m) -> text("javascript.end-of-input")),
            rule("SyntaxError", "Identifier '(?<name>[\\w$]+)' has already been declared", (f, m) ->
                    text("javascript.declared-twice", "name", m.group("name"))),
            rule("SyntaxError", "missing \\) after argument list", (f, m) -> text("javascript.missing-paren")),
            rule("SyntaxError", "Invalid or unexpected token", (f, m) -> text("javascript.bad-token")),
            rule("SyntaxError", "Cannot use import statement outside a module", (f, m) ->
                    text("javascript.import-in-commonjs")),
            rule("SyntaxError", "(?s).*", (f, m) -> f.line() > 0
                    ? text("javascript.unparsed-line", "line", f.line(), "message", m.group())
                    : text("javascript.unparsed", "message", m.group())),
            rule("RangeError", "Maximum call stack size exceeded", (f, m) -> recursionAdvice(f, f.error().function())),
            rule("RangeError", "Invalid array length", (f, m) -> text("javascript.array-length")),
            rule("Error", "Cannot find module '(?<mod>[^']+)'.*", (f, m) -> {
                String mod = m.group("mod");
                if (mod.startsWith("./") || mod.startsWith("../")) {
                    String name = ParsedError.baseName(mod);
                    String file = name.endsWith(".js") ? name : name + ".js";
                    return text("javascript.missing-file", "file", file, "saved", savedFileList(f.savedFiles()));
                }
                return text("javascript.missing-package", "module", mod);
            }),
            rule(".*", "(?s).*", (f, m) -> text("javascript.thrown", "type", f.error().type(),
                    "saying", f.error().message().isEmpty() ? "" : text("javascript.thrown.saying", "message", f.error().message()),
                    "where", f.line() > 0 ? text("javascript.thrown.on-line", "line", f.line()) : "")));

    private JavaScriptAdvice() {
    }
}
