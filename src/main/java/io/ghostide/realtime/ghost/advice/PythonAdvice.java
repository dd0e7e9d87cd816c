package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.optionalText;
import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.capitalize;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.savedFileList;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;
import static io.ghostide.realtime.ghost.advice.LineExpressions.divisor;
import static io.ghostide.realtime.ghost.advice.LineExpressions.subscript;
import static io.ghostide.realtime.ghost.advice.RunawayAdvice.memoryAdvice;
import static io.ghostide.realtime.ghost.advice.RunawayAdvice.recursionAdvice;

/**
 * The advice rules for Python errors, in the order they are tried; the last one takes any error.
 */
final class PythonAdvice {

    private static final Set<String> BUILTINS = Set.of("list", "str", "dict", "set", "int", "float", "sum",
            "max", "min", "len", "input", "print", "type", "id", "map", "filter", "range", "sorted", "tuple", "abs",
            "round", "open", "next", "iter", "format", "all", "any", "zip");

    static final List<Rule> RULES = List.of(
            rule("IndexError", "(?<what>list|tuple|string|str|range object) index out of range", (f, m) -> {
                Matcher sub = subscript(f.source());
                String kind = m.group("what").startsWith("str") ? "string" : m.group("what").replace(" object", "");
                if (sub == null) {
                    return text("python.index.unplaced", "kind", kind);
                }
                String seq = sub.group(1);
                String index = sub.group(2).strip();
                String needs = "";
                if (index.matches("\\d+")) {
                    int i = Integer.parseInt(index);
                    needs = text("python.index.needs", "index", i, "count", i + 1);
                }
                String remedy = "";
                if (index.contains("len(")) {
                    remedy = text("python.index.length", "seq", seq);
                }
                else if (index.matches(".*\\w\\s*\\+\\s*1.*")) {
                    remedy = text("python.index.plus-one");
                }
                else if (!index.matches("-?\\d+")) {
                    remedy = text("python.index.print", "seq", seq, "index", index);
                }
                return text("python.index", "seq", seq, "index", index, "kind", kind, "needs", needs, "remedy", remedy);
            }),
            rule("IndexError", "pop from empty list", (f, m) -> text("python.pop-empty",
                    "source", f.source() != null ? f.source().strip() : text("python.pop-empty.no-source"))),
            rule("KeyError", "(?s)(?<key>.+)", (f, m) -> {
                String key = m.group("key").strip();
                String bare = key.replaceAll("^['\"]|['\"]$", "");
                String dict = null;
                if (f.source() != null) {
                    Matcher lookup = Pattern.compile("([A-Za-z_][\\w.]*)\\s*\\[\\s*['\"]?" + Pattern.quote(bare)
                            + "['\"]?\\s*\\]").matcher(f.source());
                    if (lookup.find()) {
                        dict = lookup.group(1);
                    }
                }
                String similar = CodeFacts.closest(bare, f.code().identifiers());
                boolean quoted = similar != null && f.code().code().contains("'" + similar + "'");
                return text("python.key", "dict", dict != null ? code(dict) : text("python.key.some-dictionary"),
                        "key", key, "d", dict != null ? dict : "d",
                        "similar", quoted ? text("python.key.similar", "similar", similar) : "");
            }),
            rule("NameError", "name '(?<name>\\w+)' is not defined(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?",
                    (f, m) -> {
                String name = m.group("name");
                if (PythonModules.STDLIB.contains(name)) {
                    return text("python.name.module", "name", name);
                }
                String hint = m.group("hint") != null ? text("python.name.did-you-mean", "name", m.group("hint"))
                        : typo(name, f.code());
                boolean bareWord = f.source() != null && f.source().contains("(" + name + ")")
                        && name.matches("[a-z]+");
                return text("python.name", "name", name, "hint", hint != null ? hint : "",
                        "quotes", bareWord ? text("python.name.quotes", "name", name) : "");
            }),
            rule("UnboundLocalError", ".*'(?<name>\\w+)'.*", (f, m) ->
                    text("python.unbound-local", "name", m.group("name"))),
            rule("TypeError", "can only concatenate str \\(not \"(?<t>\\w+)\"\\) to str", (f, m) ->
                    // the f-string is a value: its braces would read as a placeholder in the file
                    text("python.concatenate", "type", m.group("t"), "example", code("f\"Total: {total}\""))),
            rule("TypeError", "unsupported operand type\\(s\\) for (?<op>\\S+): '(?<a>\\w+)' and '(?<b>\\w+)'",
                    (f, m) -> {
                String a = m.group("a");
                String b = m.group("b");
                String op = m.group("op");
                if (a.equals("NoneType") || b.equals("NoneType")) {
                    return text("python.operand.none", "op", op);
                }
                if (a.equals("str") || b.equals("str")) {
                    return text("python.operand.string", "op", op);
                }
                return text("python.operand", "op", op, "a", a, "b", b);
            }),
            rule("TypeError", "'(?<t>\\w+)' object is not subscriptable", (f, m) -> m.group("t").equals("NoneType")
                    ? text("python.not-subscriptable.none") : text("python.not-subscriptable", "type", m.group("t"))),
            rule("TypeError", "'(?<t>\\w+)' object is not callable", (f, m) -> {
                int shadow = f.code().findLine(Pattern.compile("^\\s*(" + String.join("|", BUILTINS) + ")\\s*=[^=]"));
                if (shadow > 0) {
                    String name = f.code().line(shadow).strip().split("\\s*=")[0];
                    return text("python.not-callable.shadowed", "line", capitalize(quoteLine(f.code(), shadow)),
                            "name", name);
                }
                return text("python.not-callable", "type", m.group("t"));
            }),
            rule("TypeError", "(?<fn>[\\w.]+)\\(\\) missing (?<n>\\d+) required positional arguments?: (?<args>.+)",
                    (f, m) -> {
                boolean one = m.group("n").equals("1");
                return text(one ? "python.missing-argument" : "python.missing-arguments",
                        "function", m.group("fn"), "args", m.group("args"), "call", f.source() != null
                                ? text("python.missing-argument.call", "call", f.source().strip()) : "");
            }),
            rule("TypeError",
                    "(?<fn>[\\w.]+)\\(\\) takes (?<n>\\d+) positional arguments? but (?<m>\\d+) (?:were|was) given",
                    (f, m) -> {
                boolean self = Integer.parseInt(m.group("m")) == Integer.parseInt(m.group("n")) + 1;
                return text("python.too-many-arguments", "function", m.group("fn"), "expected", m.group("n"),
                        "given", m.group("m"), "self", self ? text("python.too-many-arguments.self",
                                "method", m.group("fn").replaceAll(".*\\.", "")) : "");
            }),
            rule("TypeError", "'(?<t>\\w+)' object is not iterable", (f, m) -> switch (m.group("t")) {
                case "int" -> text("python.not-iterable.int");
                case "NoneType" -> text("python.not-iterable.none");
                default -> text("python.not-iterable", "type", m.group("t"));
            }),
            rule("TypeError", "'(?<op>[<>]=?)' not supported between instances of '(?<a>\\w+)' and '(?<b>\\w+)'",
                    (f, m) -> text("python.compare", "a", m.group("a"), "b", m.group("b"), "op", m.group("op"))),
            rule("ValueError", "invalid literal for int\\(\\) with base \\d+: (?<v>.*)", (f, m) -> {
                String v = m.group("v");
                if (v.equals("''")) {
                    return text("python.int.empty");
                }
                if (v.matches("'-?\\d+\\.\\d*'")) {
                    return text("python.int.decimal", "value", v);
                }
                return text("python.int", "value", v);
            }),
            rule("ValueError", "could not convert string to float: (?<v>.*)", (f, m) ->
                    text("python.float", "value", m.group("v"))),
            rule("ValueError",
                    "(?<kind>not enough|too many) values to unpack \\(expected (?<e>\\d+)(?:, got (?<g>\\d+))?\\)",
                    (f, m) -> {
                boolean more = m.group("kind").equals("too many");
                return text("python.unpack", "expected", m.group("e"), "got", m.group("g") != null ? m.group("g")
                        : text(more ? "python.unpack.more" : "python.unpack.fewer"));
            }),
            rule("ValueError", "math domain error", (f, m) -> text("python.math-domain")),
            rule("ZeroDivisionError", ".*", (f, m) -> {
                // `a // b` needs no case of its own: the divisor is found after the second slash
                String divisor = divisor(f.source());
                String remedy;
                if (divisor != null && divisor.contains("len(")) {
                    String list = divisor.replaceAll("^\\(?len\\((.+)\\)\\)?$", "$1");
                    remedy = text("python.zero.empty-list", "list", list);
                }
                else {
                    remedy = text("python.zero.guard", "divisor", divisor != null ? divisor : "d");
                }
                return divisor != null ? text("python.zero.named", "divisor", divisor, "remedy", remedy)
                        : text("python.zero", "remedy", remedy);
            }),
            rule("AttributeError", "'NoneType' object has no attribute '(?<attr>\\w+)'", (f, m) -> {
                int inPlace = f.code().findLine(Pattern.compile(
                        "=\\s*[\\w.\\[\\]]+\\.(sort|append|reverse|extend|insert|update|clear|remove)\\("));
                if (inPlace > 0) {
                    return text("python.none-attribute.in-place", "attribute", m.group("attr"),
                            "line", capitalize(quoteLine(f.code(), inPlace)));
                }
                return text("python.none-attribute", "attribute", m.group("attr"));
            }),
            rule("AttributeError", "module '(?<mod>[\\w.]+)' has no attribute '(?<attr>\\w+)'", (f, m) -> {
                String mod = m.group("mod");
                if (f.savedFiles().containsKey(mod + ".py")) {
                    return text("python.module-attribute.shadowed", "module", mod);
                }
                return text("python.module-attribute", "module", mod, "attribute", m.group("attr"),
                        "shadow", f.run().code().contains(mod + ".py") ? ""
                                : text("python.module-attribute.shadow", "module", mod));
            }),
            rule("AttributeError",
                    "'(?<t>\\w+)' object has no attribute '(?<attr>\\w+)'(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?",
                    (f, m) -> {
                String type = m.group("t");
                String attr = m.group("attr");
                // (type, wrong attribute) -> what Python calls it, a table in the file
                String fix = optionalText("python.attribute-fix." + type + "." + attr);
                if (fix != null) {
                    return text("python.attribute.fixed", "type", type, "attribute", attr, "fix", fix);
                }
                if (m.group("hint") != null) {
                    return text("python.attribute.did-you-mean", "type", type, "attribute", attr,
                            "hint", m.group("hint"));
                }
                return text("python.attribute", "type", type, "attribute", attr);
            }),
            rule("IndentationError", "expected an indented block.*", (f, m) -> text("python.indent.expected")),
            rule("IndentationError", "unexpected indent", (f, m) -> text("python.indent.unexpected")),
            rule("IndentationError", "unindent does not match any outer indentation level", (f, m) ->
                    text("python.indent.unmatched")),
            rule("TabError", ".*", (f, m) -> text("python.tabs")),
            rule("SyntaxError", "expected ':'", (f, m) -> text("python.colon",
                    "where", f.line() > 0 ? text("line.bare", "line", f.line()) : text("python.colon.the-line"),
                    "code", f.sourceOr("if x > 0").replaceAll("\\s*$", ""))),
            rule("SyntaxError", "'(?<b>[(\\[{])' was never closed", (f, m) -> text("python.never-closed",
                    "bracket", m.group("b"),
                    "closing", m.group("b").equals("(") ? ")" : m.group("b").equals("[") ? "]" : "}")),
            rule("SyntaxError", "unterminated (?:triple-quoted )?string literal.*|EOL while scanning string literal",
                    (f, m) -> text("python.unterminated-string")),
            rule("SyntaxError", "Missing parentheses in call to 'print'.*", (f, m) -> text("python.print")),
            rule("SyntaxError", "invalid syntax\\. Maybe you meant '==' or ':=' instead of '='\\?"
                    + "|cannot assign to .*here\\. Maybe you meant '==' instead of '='\\?", (f, m) ->
                    text("python.assignment")),
            rule("SyntaxError", "invalid syntax\\. Perhaps you forgot a comma\\?", (f, m) -> text("python.comma")),
            rule("SyntaxError", "unexpected EOF while parsing|unexpected EOF.*", (f, m) -> text("python.end-of-file")),
            rule("SyntaxError", "(?s).*", (f, m) -> text("python.syntax",
                    "where", f.line() > 0 ? text("line.bare", "line", f.line()) : text("python.syntax.the-code"),
                    "message", m.group().isBlank() ? "" : text("python.syntax.message", "message", m.group()))),
            rule("ModuleNotFoundError", "No module named '(?<mod>[\\w.]+)'", (f, m) -> {
                String mod = m.group("mod");
                String root = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
                if (PythonModules.THIRD_PARTY.contains(root)) {
                    return text("python.no-module.third-party", "module", root);
                }
                String similar = CodeFacts.closest(root + ".py", f.savedFiles().keySet());
                if (f.savedFiles().containsKey(root + ".py")) {
                    return text("python.no-module.saved", "module", root);
                }
                if (similar != null) {
                    return text("python.no-module.similar", "module", root, "similar", similar);
                }
                return text("python.no-module", "module", root, "saved", savedFileList(f.savedFiles()));
            }),
            rule("ImportError", "cannot import name '(?<name>\\w+)' from '(?<mod>[\\w.]+)'.*", (f, m) -> {
                SourceFile module = f.savedFiles().get(m.group("mod") + ".py");
                if (module == null) {
                    return text("python.import-name", "module", m.group("mod"), "name", m.group("name"));
                }
                List<String> defined = new CodeFacts(module.code(), "python").functions();
                String near = CodeFacts.closest(m.group("name"), defined);
                String circular = m.group().contains("circular") ? text("python.import-name.circular") : "";
                if (near != null) {
                    return text("python.import-name.near", "module", m.group("mod"), "name", m.group("name"),
                            "near", near, "circular", circular);
                }
                return text("python.import-name.defines", "module", m.group("mod"), "name", m.group("name"),
                        "functions", defined.isEmpty() ? text("python.import-name.no-functions")
                                : String.join(", ", defined),
                        "circular", circular);
            }),
            rule("RecursionError", ".*", (f, m) -> recursionAdvice(f, f.error().function())),
            rule("FileNotFoundError", "\\[Errno 2\\] No such file or directory: '(?<file>[^']+)'", (f, m) -> {
                String name = ParsedError.baseName(m.group("file"));
                if (f.savedFiles().containsKey(name) && !m.group("file").equals(name)) {
                    return text("python.no-file.saved", "name", name);
                }
                return text("python.no-file", "saved", savedFileList(f.savedFiles()), "file", m.group("file"));
            }),
            rule("EOFError", ".*", (f, m) -> text("python.end-of-input")),
            rule("AssertionError", "(?s).*", (f, m) -> text("python.assertion", "condition", f.source() != null
                    ? text("python.assertion.condition", "condition", f.source().strip()) : "")),
            rule("MemoryError", "(?s).*", (f, m) -> memoryAdvice(f)),
            rule("OverflowError", "(?s).*", (f, m) -> text("python.overflow")),
            rule("KeyboardInterrupt", "(?s).*", (f, m) -> text("python.interrupted")),
            rule("StopIteration", "(?s).*", (f, m) -> text("python.stop-iteration")),
            rule(".*", "(?s).*", (f, m) -> text("python.raised", "type", f.error().simpleType(),
                    "saying", f.error().message().isEmpty() ? ""
                            : text("python.raised.saying", "message", f.error().message()),
                    "where", f.line() > 0 ? text("python.raised.on-line", "line", f.line()) : "")));

    private PythonAdvice() {
    }
}
