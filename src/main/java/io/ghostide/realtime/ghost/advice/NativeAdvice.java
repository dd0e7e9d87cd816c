package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;
import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;

/**
 * The advice rules for C and C++ compiler, linker and runtime errors, in the order they are tried; the last
 * one takes any error.
 */
final class NativeAdvice {

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

    static final List<Rule> RULES = List.of(
            rule("compile error", "'(?<name>\\w+)' undeclared.*|'(?<name2>\\w+)' was not declared in this scope.*"
                    + "|use of undeclared identifier '(?<name3>\\w+)'.*", "Compile error (undeclared identifier)",
                    (f, m) -> {
                String name = m.group("name") != null ? m.group("name")
                        : m.group("name2") != null ? m.group("name2") : m.group("name3");
                String language = f.run().language();
                boolean cpp = language.toLowerCase(Locale.ROOT).contains("pp") || language.equalsIgnoreCase("c++");
                String header = headerFor(name, cpp);
                if (header != null) {
                    boolean std = cpp && CPP_HEADERS.containsKey(name);
                    return text("native.undeclared.header", "name", name, "header", header,
                            "std", std ? text("native.undeclared.std", "name", name) : "");
                }
                String hint = typo(name, f.code());
                return text("native.undeclared", "name", name, "line", f.line(), "hint", hint != null ? hint : "");
            }),
            rule("compile error", "'(?<name>\\w+)' is not a member of 'std'.*", "Compile error (missing include)",
                    (f, m) -> {
                String header = CPP_HEADERS.get(m.group("name"));
                return text("native.std-member", "name", m.group("name"), "include", header != null
                        ? text("native.std-member.include", "header", header) : text("native.std-member.its-header"));
            }),
            rule("compile error", "implicit declaration of function '(?<fn>\\w+)'.*",
                    "Compile error (implicit declaration)", (f, m) -> {
                String header = headerFor(m.group("fn"), false);
                if (header != null) {
                    return text("native.implicit.header", "function", m.group("fn"), "header", header);
                }
                int defined = f.code().definitionOf(m.group("fn"));
                return defined > f.line()
                        ? text("native.implicit.defined-below", "function", m.group("fn"), "line", defined)
                        : text("native.implicit", "function", m.group("fn"));
            }),
            rule("compile error", "expected '(?<t>[;,)\\]}])' before (?<before>.+)", "Compile error (missing token)",
                    (f, m) -> {
                String t = m.group("t");
                String before = m.group("before").strip();
                if (!t.equals(";")) {
                    return text("native.missing-token", "token", t, "before", before);
                }
                String where = "";
                if (f.source() != null) {
                    // gcc 8 and later point just past the end of the line that lacks it; older ones at the next
                    // statement
                    boolean pastTheEnd = f.error().column() > f.source().stripTrailing().length();
                    int missingOn = pastTheEnd ? f.line() : f.code().previousCodeLine(f.line());
                    if (missingOn > 0) {
                        where = text("native.missing-semicolon.where", "line", quoteLine(f.code(), missingOn));
                    }
                }
                return text("native.missing-semicolon", "before", before, "where", where);
            }),
            rule("compile error", "expected declaration or statement at end of input.*",
                    "Compile error (missing brace)", (f, m) -> text("native.missing-brace")),
            rule("compile error", "missing terminating (?<q>[\"']) character",
                    "Compile error (unclosed string)", (f, m) -> text("native.unclosed-string", "quote", m.group("q"))),
            rule("compile error", "lvalue required as left operand of assignment",
                    "Compile error (assignment)", (f, m) -> text("native.assignment")),
            rule("compile error", "stray '.*' in program", "Compile error (stray character)", (f, m) ->
                    text("native.stray-character")),
            rule("compile error", "conflicting types for '(?<fn>\\w+)'.*",
                    "Compile error (conflicting types)", (f, m) ->
                    text("native.conflicting-types", "function", m.group("fn"))),
            rule("compile error", "redefinition of '(?<name>[^']+)'.*", "Compile error (redefinition)", (f, m) ->
                    text("native.redefinition", "name", m.group("name"))),
            rule("compile error", "no matching function for call to '(?<fn>[^']+)'.*",
                    "Compile error (no matching function)", (f, m) ->
                    text("native.no-matching-function", "function", m.group("fn"))),
            rule("compile error", "(?s).*", "Compile error", (f, m) ->
                    text("native.compile-error", "line", f.line(), "message", m.group())),
            rule("linker error", "undefined reference to '(?<sym>\\w+)'", "Linker error", (f, m) -> {
                String sym = m.group("sym");
                if (sym.equals("main")) {
                    return text("native.no-main");
                }
                if (Set.of("sqrt", "pow", "sin", "cos", "log", "floor", "ceil", "exp").contains(sym)) {
                    return text("native.math-library", "symbol", sym);
                }
                return text("native.undefined-reference", "symbol", sym);
            }),
            rule("assertion failed", "(?s).*", "Assertion failed", (f, m) ->
                    text("native.assertion", "condition", m.group(),
                            "where", f.line() > 0 ? text("native.assertion.on-line", "line", f.line()) : "")),
            rule("memory corruption", "stack smashing detected", "Buffer overflow", (f, m) -> {
                int risky = f.code().findLine(
                        Pattern.compile("\\b(gets|strcpy|strcat|sprintf)\\s*\\(|scanf\\s*\\(\\s*\"%s"));
                return risky > 0 ? text("native.stack-smashing.suspect", "line", quoteLine(f.code(), risky))
                        : text("native.stack-smashing");
            }),
            rule("memory corruption", "(?s).*", "Heap corruption", (f, m) ->
                    text("native.heap-corruption", "message", m.group())),
            rule("std::out_of_range", "(?s).*", (f, m) -> text("native.out-of-range", "message", m.group())),
            rule(".*", "(?s).*", (f, m) -> text("native.uncaught", "type", f.error().type(),
                    "saying", f.error().message().isEmpty() ? ""
                            : text("native.uncaught.saying", "message", f.error().message()))));

    private NativeAdvice() {
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
}
