package io.ghostide.realtime.ghost.advice;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.AdviceRules.Rule;

import static io.ghostide.realtime.ghost.advice.AdviceRules.rule;
import static io.ghostide.realtime.ghost.advice.AdviceText.capitalize;
import static io.ghostide.realtime.ghost.advice.AdviceText.code;
import static io.ghostide.realtime.ghost.advice.AdviceText.divisor;
import static io.ghostide.realtime.ghost.advice.AdviceText.memoryAdvice;
import static io.ghostide.realtime.ghost.advice.AdviceText.quoteLine;
import static io.ghostide.realtime.ghost.advice.AdviceText.recursionAdvice;
import static io.ghostide.realtime.ghost.advice.AdviceText.savedFileList;
import static io.ghostide.realtime.ghost.advice.AdviceText.subscript;
import static io.ghostide.realtime.ghost.advice.AdviceText.typo;

/**
 * The advice rules for Python errors, in the order they are tried; the last one takes any error.
 */
final class PythonAdvice {

    private static final Set<String> BUILTINS = Set.of("list", "str", "dict", "set", "int", "float", "sum",
            "max", "min", "len", "input", "print", "type", "id", "map", "filter", "range", "sorted", "tuple", "abs",
            "round", "open", "next", "iter", "format", "all", "any", "zip");

    // (type, wrong attribute) -> what Python calls it
    private static final Map<String, String> ATTRIBUTE_FIXES = Map.ofEntries(
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

    static final List<Rule> RULES = List.of(
            rule("IndexError", "(?<what>list|tuple|string|str|range object) index out of range", (f, m) -> {
                Matcher sub = subscript(f.source());
                String kind = m.group("what").startsWith("str") ? "string" : m.group("what").replace(" object", "");
                if (sub == null) {
                    return "An index went past the end of a " + kind + ". A " + kind
                            + " of n items has indexes 0 to n-1 (and -1 for the last); check the length with `len(...)` before indexing, "
                            + "or loop over the items directly.";
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
                    advice += " " + code(seq + "[len(" + seq + ")]") + " is always one past the end; the last item is " + code(seq + "[-1]")
                            + ".";
                }
                else if (index.matches(".*\\w\\s*\\+\\s*1.*")) {
                    advice += " The " + code("+ 1")
                            + " in the index runs past the end on the last pass of the loop; stop the loop one earlier.";
                }
                else if (!index.matches("-?\\d+")) {
                    advice += " Print " + code(index) + " and " + code("len(" + seq + ")") + " just before this line to see which is off.";
                }
                return advice + " Looping with " + code("for item in " + seq + ":") + " never runs past the end.";
            }),
            rule("IndexError", "pop from empty list", (f, m) -> "The list is already empty when " + f.sourceOr("the code")
                    + " pops from it. Guard it with " + code("if items:") + " before " + code(".pop()")
                    + ", or check why fewer items arrived than expected."),
            rule("KeyError", "(?s)(?<key>.+)", (f, m) -> {
                String key = m.group("key").strip();
                String bare = key.replaceAll("^['\"]|['\"]$", "");
                String dict = "the dictionary";
                if (f.source() != null) {
                    Matcher lookup = Pattern.compile("([A-Za-z_][\\w.]*)\\s*\\[\\s*['\"]?" + Pattern.quote(bare)
                            + "['\"]?\\s*\\]").matcher(f.source());
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
            }),
            rule("NameError", "name '(?<name>\\w+)' is not defined(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?", (f, m) -> {
                String name = m.group("name");
                if (PythonModules.STDLIB.contains(name)) {
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
            }),
            rule("UnboundLocalError", ".*'(?<name>\\w+)'.*", (f, m) -> "Assigning to " + code(m.group("name"))
                    + " inside the function makes it a local variable there, so reading it before that assignment fails. Pass it in as a "
                    + "parameter and return the new value, or declare "
                    + code("global " + m.group("name")) + " at the top of the function."),
            rule("TypeError", "can only concatenate str \\(not \"(?<t>\\w+)\"\\) to str", (f, m) -> "You're gluing a string and "
                    + code(m.group("t")) + " together with " + code("+") + ". Convert the " + m.group("t") + " first: "
                    + code("str(value)") + ", or let an f-string do it: " + code("f\"Total: {total}\"") + "."),
            rule("TypeError", "unsupported operand type\\(s\\) for (?<op>\\S+): '(?<a>\\w+)' and '(?<b>\\w+)'", (f, m) -> {
                String a = m.group("a");
                String b = m.group("b");
                String op = m.group("op");
                if (a.equals("NoneType") || b.equals("NoneType")) {
                    return "One side of " + code(op) + " is None: a function without a " + code("return")
                            + " (or a method like " + code(".sort()")
                            + " that returns None) produced it. Return the value from the function, and don't assign the result of "
                            + "in-place methods.";
                }
                if (a.equals("str") || b.equals("str")) {
                    return "A string meets a number in " + code(op) + ". " + code("input()")
                            + " always gives a string: convert it with " + code("int(input())") + " or " + code("float(...)")
                            + " before doing arithmetic.";
                }
                return code(op) + " doesn't work between " + code(a) + " and " + code(b) + ". Convert one side so both have the same type.";
            }),
            rule("TypeError", "'(?<t>\\w+)' object is not subscriptable", (f, m) -> m.group("t").equals("NoneType")
                    ? "You're indexing None: a function returned nothing (no " + code("return")
                    + ") or a variable was never filled. Check what the value before the " + code("[...]") + " on this line really is."
                    : "A " + code(m.group("t")) + " can't be indexed with " + code("[...]")
                    + ". Check that the variable holds the list, string or dict you expect and not a single number."),
            rule("TypeError", "'(?<t>\\w+)' object is not callable", (f, m) -> {
                int shadow = f.code().findLine(Pattern.compile("^\\s*(" + String.join("|", BUILTINS) + ")\\s*=[^=]"));
                if (shadow > 0) {
                    String name = f.code().line(shadow).strip().split("\\s*=")[0];
                    return capitalize(quoteLine(f.code(), shadow)) + " stores a value in " + code(name)
                            + ", which hides the built-in function "
                            + code(name + "()") + ". Rename the variable (e.g. " + code(name + "_value") + ") and the call works again.";
                }
                return "A " + code(m.group("t")) + " value is being called like a function with " + code("(...)")
                        + ". A variable probably has the same name as a function, or a " + code("*") + " is missing in an expression like "
                        + code("2(x + 1)") + ".";
            }),
            rule("TypeError", "(?<fn>[\\w.]+)\\(\\) missing (?<n>\\d+) required positional arguments?: (?<args>.+)", (f, m) ->
                    code(m.group("fn") + "()") + " needs " + m.group("args") + " but the call doesn't pass " + (m.group("n").equals("1")
                            ? "it" : "them")
                    + ". Add the missing argument" + (m.group("n").equals("1") ? "" : "s") + " to the call"
                    + (f.source() != null ? " (" + code(f.source().strip()) + ")" : "") + ", or give the parameter a default value in the "
                    + code("def") + "."),
            rule("TypeError", "(?<fn>[\\w.]+)\\(\\) takes (?<n>\\d+) positional arguments? but (?<m>\\d+) (?:were|was) given", (f, m) -> {
                String advice = code(m.group("fn") + "()") + " accepts " + m.group("n") + " argument(s) but got " + m.group("m") + ". ";
                if (Integer.parseInt(m.group("m")) == Integer.parseInt(m.group("n")) + 1) {
                    advice += "If it's a method of a class, its first parameter must be " + code("self") + ": "
                            + code("def " + m.group("fn").replaceAll(".*\\.", "") + "(self, ...)") + ". ";
                }
                return advice + "Make the call and the " + code("def") + " agree.";
            }),
            rule("TypeError", "'(?<t>\\w+)' object is not iterable", (f, m) -> "A " + code(m.group("t"))
                    + " can't be looped over. " + (m.group("t").equals("int") ? "To repeat n times, loop over " + code("range(n)") + "."
                    : m.group("t").equals("NoneType") ? "The value is None: something didn't return what you loop over."
                    : "Check that the variable holds a list or string.")),
            rule("TypeError", "'(?<op>[<>]=?)' not supported between instances of '(?<a>\\w+)' and '(?<b>\\w+)'", (f, m) ->
                    "You're comparing "
                    + code(m.group("a")) + " with " + code(m.group("b")) + " using " + code(m.group("op"))
                    + ". Convert both to the same type first, typically "
                    + code("int(...)") + " on a value read with " + code("input()") + "."),
            rule("ValueError", "invalid literal for int\\(\\) with base \\d+: (?<v>.*)", (f, m) -> {
                String v = m.group("v");
                if (v.equals("''")) {
                    return code("int()")
                            + " got an empty string: the input line was empty. Check for it before converting, or give the run some input.";
                }
                if (v.matches("'-?\\d+\\.\\d*'")) {
                    return code("int()") + " got " + v + ", a decimal number. Use " + code("float(...)") + " (or " + code("int(float(...))")
                            + " to drop the fraction).";
                }
                return code("int()") + " got " + v + ", which isn't a whole number. Validate the input first, e.g. "
                        + code("if text.strip().isdigit():") + ", or wrap the conversion in " + code("try: ... except ValueError:") + ".";
            }),
            rule("ValueError", "could not convert string to float: (?<v>.*)", (f, m) -> code("float()") + " got " + m.group("v")
                    + ", which isn't a number. Strip spaces and units first, or catch " + code("ValueError") + "."),
            rule("ValueError", "(?<kind>not enough|too many) values to unpack \\(expected (?<e>\\d+)(?:, got (?<g>\\d+))?\\)", (f, m) ->
                    "The line unpacks into "
                    + m.group("e") + " variables but the value has " + (m.group("g") != null ? m.group("g")
                    : m.group("kind").equals("too many") ? "more" : "fewer")
                    + " items. Make the number of names on the left match, or use " + code("first, *rest = ...") + "."),
            rule("ValueError", "math domain error", (f, m) -> "A math function got a value outside its domain: "
                    + code("math.sqrt") + " of a negative number or " + code("math.log")
                    + " of 0 or less. Check the argument before the call."),
            rule("ZeroDivisionError", ".*", (f, m) -> {
                // `a // b` needs no case of its own: the divisor is found after the second slash
                String divisor = divisor(f.source());
                String advice = (divisor != null ? code(divisor) + " is 0" : "The divisor is 0") + " when this line divides by it. ";
                if (divisor != null && divisor.contains("len(")) {
                    String list = divisor.replaceAll("^\\(?len\\((.+)\\)\\)?$", "$1");
                    advice += "The list is empty, so an average of nothing is computed. Check " + code("if " + list + ":")
                            + " (the list has items) first.";
                }
                else {
                    advice += "Guard the division with " + code("if " + (divisor != null ? divisor : "d") + " != 0:")
                            + " or find out why it is 0 here.";
                }
                return advice;
            }),
            rule("AttributeError", "'NoneType' object has no attribute '(?<attr>\\w+)'", (f, m) -> {
                int inPlace = f.code().findLine(Pattern.compile("=\\s*[\\w.\\[\\]]+\\.(sort|append|reverse|extend|insert|update|clear|"
                        + "remove)\\("));
                String advice = "The value before " + code("." + m.group("attr")) + " is None. ";
                if (inPlace > 0) {
                    return advice + capitalize(quoteLine(f.code(), inPlace))
                            + " stores the result of an in-place method, which is always None. Call it on its own line and keep using "
                            + "the original variable.";
                }
                return advice + "Usually a function ended without " + code("return") + ", or a lookup like " + code("re.match")
                        + " found nothing. Print the value before this line to see where the None comes from.";
            }),
            rule("AttributeError", "module '(?<mod>[\\w.]+)' has no attribute '(?<attr>\\w+)'", (f, m) -> {
                String mod = m.group("mod");
                if (f.savedFiles().containsKey(mod + ".py")) {
                    return "This session has a saved file " + code(mod + ".py") + ", and Python imports it instead of the standard module "
                            + code(mod) + ". Rename your file (e.g. " + code("my_" + mod + ".py") + ") and the real one comes back.";
                }
                return "Module " + code(mod) + " has no " + code(m.group("attr")) + ". Check the spelling and case"
                        + (f.run().code().contains(mod + ".py") ? "" : ", and that no file of yours is called " + code(mod + ".py")) + ".";
            }),
            rule("AttributeError", "'(?<t>\\w+)' object has no attribute '(?<attr>\\w+)'(?:\\. Did you mean: '(?<hint>\\w+)'\\?)?", (f,
                    m) -> {
                String fix = ATTRIBUTE_FIXES.get(m.group("t") + "." + m.group("attr"));
                String advice = "A " + code(m.group("t")) + " has no " + code("." + m.group("attr")) + ". ";
                if (fix != null) {
                    return advice + "In Python " + fix + ".";
                }
                if (m.group("hint") != null) {
                    return advice + "Did you mean " + code("." + m.group("hint")) + "?";
                }
                return advice + "Check the spelling, and that the variable holds the kind of object you think (" + code("print(type(x))")
                        + ").";
            }),
            rule("IndentationError", "expected an indented block.*", (f, m) -> "The line after a " + code(":")
                    + " must be indented. Indent the body of the " + code("if") + "/" + code("for") + "/" + code("def")
                    + " above by 4 spaces, or write " + code("pass") + " as a placeholder."),
            rule("IndentationError", "unexpected indent", (f, m) ->
                    "This line is indented more than the block it belongs to. Line it up with the lines above it (same number of spaces)."),
            rule("IndentationError", "unindent does not match any outer indentation level", (f, m) ->
                    "This line's indentation doesn't line up with any block above it. Use 4 spaces per level everywhere and don't mix "
                    + "tabs with spaces."),
            rule("TabError", ".*", (f, m) -> "Tabs and spaces are mixed in the indentation. Convert all tabs to spaces (4 per level)."),
            rule("SyntaxError", "expected ':'", (f, m) -> "Add a colon at the end of " + (f.line() > 0 ? "line " + f.line() : "the line")
                    + ": " + code(f.sourceOr("if x > 0").replaceAll("\\s*$", "") + ":") + ". Lines starting " + code("if") + ", "
                    + code("for") + ", " + code("while") + ", " + code("def") + " and " + code("class") + " end with one."),
            rule("SyntaxError", "'(?<b>[(\\[{])' was never closed", (f, m) -> "The " + code(m.group("b"))
                    + " opened on this line is never closed. Add the matching " + code(m.group("b").equals("(") ? ")"
                    : m.group("b").equals("[") ? "]" : "}") + "."),
            rule("SyntaxError", "unterminated (?:triple-quoted )?string literal.*|EOL while scanning string literal", (f, m) ->
                    "A string on this line has no closing quote. Close it with the same quote it opens with."),
            rule("SyntaxError", "Missing parentheses in call to 'print'.*", (f, m) -> "In Python 3 " + code("print")
                    + " is a function: write " + code("print(...)") + " with parentheses."),
            rule("SyntaxError",
                    "invalid syntax\\. Maybe you meant '==' or ':=' instead of '='\\?|cannot assign to .*here\\. Maybe you meant '==' "
                    + "instead of '='\\?", (f, m) -> "A single "
                    + code("=") + " assigns; to compare, write " + code("==") + " (as in " + code("if x == 3:") + ")."),
            rule("SyntaxError", "invalid syntax\\. Perhaps you forgot a comma\\?", (f, m) ->
                    "Two values stand next to each other without a comma between them. Add the missing " + code(",") + "."),
            rule("SyntaxError", "unexpected EOF while parsing|unexpected EOF.*", (f, m) ->
                    "The file ended while a bracket or a block was still open. Look for a missing " + code(")") + ", " + code("]") + " or "
                    + code("}") + " near the end."),
            rule("SyntaxError", "(?s).*", (f, m) -> "Python couldn't read " + (f.line() > 0 ? "line " + f.line() : "the code")
                    + (m.group().isBlank() ? "" : " (" + m.group() + ")")
                    + ". Look for a missing bracket, quote, colon or comma on this line or the one before it."),
            rule("ModuleNotFoundError", "No module named '(?<mod>[\\w.]+)'", (f, m) -> {
                String mod = m.group("mod");
                String root = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
                if (PythonModules.THIRD_PARTY.contains(root)) {
                    return code(root) + " is a third-party package that isn't installed in the sandbox, and runs have no network, so "
                            + code("pip install") + " won't help there. Use the standard library for this run, or run it on a machine with "
                            + code(root) + ".";
                }
                String similar = CodeFacts.closest(root + ".py", f.savedFiles().keySet());
                if (f.savedFiles().containsKey(root + ".py")) {
                    return code(root + ".py")
                            + " is saved in this session, so it should be importable; if you saved it after starting this run, run again.";
                }
                if (similar != null) {
                    return "There is no " + code(root + ".py") + ", but this session has " + code(similar)
                            + ". Fix the name in the import or the file name so they match.";
                }
                return "There is no module " + code(root) + " here. If it's your own file, save it in this session as " + code(root + ".py")
                        + " (saved files sit next to your program in every run; saved so far: " + savedFileList(f.savedFiles())
                        + "). Otherwise check the spelling.";
            }),
            rule("ImportError", "cannot import name '(?<name>\\w+)' from '(?<mod>[\\w.]+)'.*", (f, m) -> {
                SourceFile module = f.savedFiles().get(m.group("mod") + ".py");
                String advice = code(m.group("mod")) + " has no " + code(m.group("name")) + ". ";
                if (module != null) {
                    List<String> defined = new CodeFacts(module.code(), "python").functions();
                    String near = CodeFacts.closest(m.group("name"), defined);
                    return advice + (near != null ? "It defines " + code(near) + "—a typo?" : "It defines " + (defined.isEmpty()
                            ? "no functions" : String.join(", ", defined)) + ".")
                            + (m.group().contains("circular")
                            ? " The two files also import each other; move the shared code into a third file." : "");
                }
                return advice + "Check the spelling, and whether the two files import each other (a circular import).";
            }),
            rule("RecursionError", ".*", (f, m) -> recursionAdvice(f, f.error().function())),
            rule("FileNotFoundError", "\\[Errno 2\\] No such file or directory: '(?<file>[^']+)'", (f, m) -> {
                String name = ParsedError.baseName(m.group("file"));
                if (f.savedFiles().containsKey(name) && !m.group("file").equals(name)) {
                    return code(name) + " is saved in this session and sits right next to your program: open it as "
                            + code("'" + name + "'") + " without a directory.";
                }
                return "The run's working directory holds your program and this session's saved files (" + savedFileList(f.savedFiles())
                        + "), and no " + code(m.group("file")) + ". Save it as a session file first, or check the name.";
            }),
            rule("EOFError", ".*", (f, m) -> code("input()")
                    + " found no more input: the program reads more lines than the run was given. Send input with the run (one line per "
                    + code("input()") + " call), or read with a default."),
            rule("AssertionError", "(?s).*", (f, m) -> "The " + code("assert") + (f.source() != null ? " " + code(f.source().strip()) : "")
                    + " was false. Print the values it checks just before it to see which one is off."),
            rule("MemoryError", "(?s).*", (f, m) -> memoryAdvice(f)),
            rule("OverflowError", "(?s).*", (f, m) ->
                    "A number got too big for a float. Use integers (they have no limit) or check for runaway growth in a loop."),
            rule("KeyboardInterrupt", "(?s).*", (f, m) ->
                    "The program was stopped while it was still running, probably in a loop that never ends. Check the loop condition."),
            rule("StopIteration", "(?s).*", (f, m) -> code("next()") + " was called on an iterator that had nothing left. Pass a default: "
                    + code("next(it, None)") + "."),
            rule(".*", "(?s).*", (f, m) -> "Your code raised " + code(f.error().simpleType()) + (f.error().message().isEmpty() ? ""
                    : " saying “" + f.error().message() + "”")
                    + (f.line() > 0 ? " on line " + f.line() : "")
                    + ". Read the line and the values it uses; print them just before it if it isn't obvious."));

    private PythonAdvice() {
    }
}
