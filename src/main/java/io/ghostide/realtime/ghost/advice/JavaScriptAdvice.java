package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

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
                    return code(name) + " exists in browsers, but this code runs in Node.js, which has no page. Use "
                            + code("console.log") + " for output" + (name.equals("prompt") ? " and read input from " + code("process.stdin")
                            : "") + ".";
                }
                if (name.equals("require")) {
                    return "This file is an ES module, where " + code("require") + " doesn't exist. Use " + code("import x from 'x'")
                            + ", or name the file " + code(".cjs") + ".";
                }
                String hint = typo(name, f.code());
                return code(name) + " was never declared. " + (hint != null ? hint : "") + "Declare it before use with "
                        + code("let " + name + " = ...") + " or " + code("const") + ", or import it.";
            }),
            rule("ReferenceError", "Cannot access '(?<name>[\\w$]+)' before initialization", (f, m) -> code(m.group("name"))
                    + " is declared with " + code("let") + "/" + code("const")
                    + " further down, and used here before that line runs. Move the declaration above its first use."),
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
            rule("TypeError", "Cannot set propert(?:y|ies) of (?<v>undefined|null).*", (f, m) -> "You're assigning a property on "
                    + m.group("v")
                    + ". Create the object first (" + code("obj = {}") + ") before setting " + code("obj.key") + "."),
            rule("TypeError", "(?<expr>[\\w$.\\[\\]()]+) is not a function.*", (f, m) -> {
                String expr = m.group("expr");
                String method = expr.contains(".") ? expr.substring(expr.lastIndexOf('.') + 1) : expr;
                String fix = METHOD_FIXES.get(method);
                if (fix != null) {
                    return code(expr) + " doesn't exist: " + fix + ".";
                }
                String hint = typo(method, f.code());
                return code(expr) + " isn't a function here. " + (hint != null ? hint
                        : "Check the spelling and that the value holds what you think ("
                        + code("console.log(typeof " + expr.replaceAll("\\.[\\w$]+$", "") + ")") + ").");
            }),
            rule("TypeError", "Assignment to constant variable\\.", (f, m) -> "A " + code("const") + " was given a new value"
                    + (f.source() != null ? " on " + code(f.source().strip()) : "") + ". Declare it with " + code("let")
                    + " if it must change."),
            rule("TypeError", "(?<what>.+) is not iterable", (f, m) -> code(m.group("what")) + " can't be looped with " + code("for...of")
                    + " or spread. For an object use " + code("Object.entries(obj)") + "; otherwise check that it's an array."),
            rule("SyntaxError", "Unexpected end of input", (f, m) -> "The file ended while a " + code("{") + ", " + code("(") + " or "
                    + code("[") + " was still open. Count the brackets near the end; one closing brace is probably missing."),
            rule("SyntaxError", "Identifier '(?<name>[\\w$]+)' has already been declared", (f, m) -> code(m.group("name"))
                    + " is declared twice in the same scope. Drop the second " + code("let") + "/" + code("const") + " and just assign: "
                    + code(m.group("name") + " = ...") + "."),
            rule("SyntaxError", "missing \\) after argument list", (f, m) -> "A call on this line is missing its closing " + code(")")
                    + ", or a comma or a quote between its arguments."),
            rule("SyntaxError", "Invalid or unexpected token", (f, m) ->
                    "There's a character JavaScript can't read here: usually a string without its closing quote, or a curly quote (“ ”) "
                    + "pasted from a document."),
            rule("SyntaxError", "Cannot use import statement outside a module", (f, m) -> "This file is run as CommonJS. Use "
                    + code("const x = require('x')") + ", or name the file " + code(".mjs") + "."),
            rule("SyntaxError", "(?s).*", (f, m) -> "JavaScript couldn't parse " + (f.line() > 0 ? "line " + f.line() : "the code") + " ("
                    + m.group() + "). Look for a missing bracket, comma or quote on it or just before it."),
            rule("RangeError", "Maximum call stack size exceeded", (f, m) -> recursionAdvice(f, f.error().function())),
            rule("RangeError", "Invalid array length", (f, m) ->
                    "An array was created with a negative or huge length. Check the number passed to " + code("new Array(n)") + "."),
            rule("Error", "Cannot find module '(?<mod>[^']+)'.*", (f, m) -> {
                String mod = m.group("mod");
                if (mod.startsWith("./") || mod.startsWith("../")) {
                    String name = ParsedError.baseName(mod);
                    String file = name.endsWith(".js") ? name : name + ".js";
                    return "There is no " + code(file) + " next to your program. Save it in this session as " + code(file)
                            + " (saved so far: " + savedFileList(f.savedFiles()) + ") and run again.";
                }
                return code(mod) + " is an npm package that isn't installed in the sandbox, and runs have no network. Use Node's "
                        + "built-in modules for this run.";
            }),
            rule(".*", "(?s).*", (f, m) -> "Your code threw " + code(f.error().type()) + (f.error().message().isEmpty() ? "" : " saying “"
                    + f.error().message() + "”")
                    + (f.line() > 0 ? " on line " + f.line() : "")
                    + ". Log the values the line uses just before it to see which one is off."));

    private JavaScriptAdvice() {
    }
}
