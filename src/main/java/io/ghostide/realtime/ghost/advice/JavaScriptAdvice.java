package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.optionalText;
import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.savedFileList;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;
import static io.ghostide.realtime.ghost.advice.RunawayAdvice.recursionAdvice;

/**
 * The advice rules for JavaScript (Node.js) errors, in the order they are tried; the last one takes any
 * error.
 */
final class JavaScriptAdvice {

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
            rule("TypeError", "Cannot read propert(?:y|ies) of (?<v>undefined|null)(?: \\(reading '(?<p>[^']+)'\\))?"
                    + "|Cannot read property '(?<p2>[^']+)' of (?<v2>undefined|null)", (f, m) -> {
                String prop = m.group("p") != null ? m.group("p") : m.group("p2");
                String value = m.group("v") != null ? m.group("v") : m.group("v2");
                String target = null;
                if (prop != null && f.source() != null) {
                    Matcher access = Pattern.compile("([\\w$][\\w$.]*(?:\\[[^\\]]+\\])*)\\s*(?:\\.\\s*"
                            + Pattern.quote(prop) + "\\b|\\[\\s*['\"]?" + Pattern.quote(prop) + "['\"]?\\s*\\])")
                            .matcher(f.source());
                    if (access.find()) {
                        target = access.group(1);
                    }
                }
                int assigned = target != null && target.matches("[\\w$]+") && f.line() > 0
                        ? f.code().findLineBackwards(Pattern.compile("(?:\\b(?:const|let|var)\\s+|^\\s*)"
                        + Pattern.quote(target) + "\\s*=[^=]"), f.line() - 1) : 0;
                String assignment = assigned > 0 ? f.code().line(assigned) : null;
                String remedy;
                if (target != null && target.matches(".*\\[[^\\]]+\\]$")) {
                    remedy = text("javascript.cannot-read.past-the-end",
                            "array", target.replaceAll("\\[[^\\]]+\\]$", ""));
                }
                else if (assignment != null && assignment.matches(".*\\w\\s*\\[[^\\]]+\\]\\s*;?\\s*$")) {
                    remedy = text("javascript.cannot-read.from-index", "target", target,
                            "line", quoteLine(f.code(), assigned));
                }
                else if (assignment != null) {
                    remedy = text("javascript.cannot-read.assigned", "target", target,
                            "line", quoteLine(f.code(), assigned));
                }
                else {
                    remedy = text("javascript.cannot-read.unassigned");
                }
                return text("javascript.cannot-read",
                        "target", target != null ? code(target) : text("javascript.cannot-read.the-value"),
                        "value", value,
                        "property", prop != null ? code("." + prop) : text("javascript.cannot-read.a-property"),
                        "remedy", remedy, "object", target != null ? target : "obj", "name", prop != null ? prop : "x");
            }),
            rule("TypeError", "Cannot set propert(?:y|ies) of (?<v>undefined|null).*", (f, m) ->
                    text("javascript.cannot-set", "value", m.group("v"))),
            rule("TypeError", "(?<expr>[\\w$.\\[\\]()]+) is not a function.*", (f, m) -> {
                String expr = m.group("expr");
                String method = expr.contains(".") ? expr.substring(expr.lastIndexOf('.') + 1) : expr;
                // method -> what to call instead, a table in the file
                String fix = optionalText("javascript.method-fix." + method);
                if (fix != null) {
                    return text("javascript.missing-method", "expr", expr, "fix", fix);
                }
                String hint = typo(method, f.code());
                return text("javascript.not-a-function", "expr", expr, "hint", hint != null ? hint
                        : text("javascript.not-a-function.check", "value", expr.replaceAll("\\.[\\w$]+$", "")));
            }),
            rule("TypeError", "Assignment to constant variable\\.", (f, m) -> f.source() != null
                    ? text("javascript.const-assigned-on", "source", f.source().strip())
                    : text("javascript.const-assigned")),
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
                    "saying", f.error().message().isEmpty() ? ""
                            : text("javascript.thrown.saying", "message", f.error().message()),
                    "where", f.line() > 0 ? text("javascript.thrown.on-line", "line", f.line()) : "")));

    private JavaScriptAdvice() {
    }
}
