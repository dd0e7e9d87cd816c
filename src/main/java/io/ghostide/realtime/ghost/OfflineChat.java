package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.CodeFacts;
import io.ghostide.realtime.ghost.advice.CodeHints;
import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * Ghost's chat without a model: it works out what the message asks (about the last error, about
 * the code, how to do something, about a name in the code) and answers from what it knows of the
 * session, in Ghost's voice. Every answer refers to the message, the code or the last error;
 * when it can't help it says so and says what it can do instead.
 */
final class OfflineChat {

    private static final Pattern GREETING = Pattern.compile(
            "^(hi|hello|hey|yo|hiya|howdy|boo|good (morning|afternoon|evening))\\b");

    private static final Pattern THANKS = Pattern.compile("\\b(thanks|thank you|thx|ty|cheers)\\b");

    private static final Pattern WHO = Pattern.compile(
            "\\b(who|what) are you\\b|\\byour name\\b|\\bwhat can you do\\b|^help\\b");

    private static final Pattern ABOUT_ERROR = Pattern.compile(
            "\\b(error|errors|wrong|fix|bug|bugs|crash|crashed|crashes|fail|failed|fails|failing|broken|broke|"
            + "traceback|exception|stack ?trace|doesn'?t work|not working|issue|problem|why)\\b");

    private static final Pattern EXPLAIN = Pattern.compile(
            "\\b(explain|what does|what is this|walk me through|understand|review|summari[sz]e|"
            + "how does (this|my|the) (code|program)|look at my code|check my code)\\b");

    private static final Pattern HOW_TO = Pattern.compile(
            "\\b(how (do|can|would|should) (i|you|we)|how to|example of|syntax (for|of)|way to|show me)\\b");

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "is", "it", "in", "on", "my", "i", "to",
            "do", "does", "what", "why", "how", "this", "that", "of", "and", "or", "for", "with", "you", "me", "can",
            "be", "are", "was", "not", "if", "else", "print", "return", "def", "int", "var", "let", "const", "new",
            "code");

    // topic -> (its keywords, the key of what it shows how to do, snippet per language family); the
    // snippets are code, so they stay here
    private record Topic(Pattern keywords, String whatKey, Map<String, String> snippets) {
    }

    private static final List<Topic> TOPICS = List.of(
            new Topic(Pattern.compile("\\b(input|read (a )?(number|line|value)|stdin|user enter|ask the user)\\b"),
                    "chat.topic.read-input", Map.of(
                    "python", "name = input(\"Name: \")\nn = int(input())  # input() always gives a string",
                    "javascript", "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');\n"
                            + "const n = Number(lines[0]);",
                    "java", "Scanner in = new Scanner(System.in);  // import java.util.Scanner;\n"
                            + "int n = in.nextInt();\nString line = in.nextLine();",
                    "native", "int n;\nif (scanf(\"%d\", &n) != 1) { /* no number */ }  // C++: std::cin >> n;")),
            new Topic(Pattern.compile("\\b(sort|sorted|sorting|order)\\b"), "chat.topic.sort", Map.of(
                    "python", "numbers.sort()                 # in place\n"
                            + "words = sorted(words, key=len)  # new list, by length\nnumbers.sort(reverse=True)",
                    "javascript", "numbers.sort((a, b) => a - b);  // without the function, 10 sorts before 9\n"
                            + "words.sort((a, b) => a.localeCompare(b));",
                    "java", "Arrays.sort(array);\nlist.sort(Comparator.reverseOrder());",
                    "native", "std::sort(v.begin(), v.end());  // C++, #include <algorithm>\n"
                            + "qsort(a, n, sizeof a[0], compare);  // C, #include <stdlib.h>")),
            new Topic(Pattern.compile("\\b(reverse|backwards)\\b"), "chat.topic.reverse", Map.of(
                    "python", "text[::-1]\nlist(reversed(items))",
                    "javascript", "[...text].reverse().join('')\nitems.slice().reverse()",
                    "java", "new StringBuilder(text).reverse().toString()\nCollections.reverse(list);",
                    "native", "std::reverse(s.begin(), s.end());  // C++, #include <algorithm>")),
            new Topic(Pattern.compile("\\b(dict|dictionary|map|hash ?map|count (words|occurrences)|key)\\b"),
                    "chat.topic.dictionary", Map.of(
                    "python", "counts = {}\nfor word in words:\n    counts[word] = counts.get(word, 0) + 1",
                    "javascript", "const counts = new Map();\n"
                            + "for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);",
                    "java", "Map<String, Integer> counts = new HashMap<>();\n"
                            + "for (String w : words) counts.merge(w, 1, Integer::sum);",
                    "native", "std::map<std::string, int> counts;  // C++, #include <map>\n"
                            + "for (auto& w : words) counts[w]++;")),
            new Topic(Pattern.compile("\\b(loop|iterate|for each|foreach|repeat)\\b"), "chat.topic.loop", Map.of(
                    "python", "for i, item in enumerate(items):\n    print(i, item)\n"
                            + "for n in range(10):  # 0..9\n    ...",
                    "javascript", "for (const item of items) console.log(item);\n"
                            + "items.forEach((item, i) => console.log(i, item));",
                    "java", "for (int x : array) System.out.println(x);\nfor (int i = 0; i < n; i++) { ... }",
                    "native", "for (int i = 0; i < n; i++) { printf(\"%d\\n\", a[i]); }")),
            new Topic(Pattern.compile("\\b(format|f-?string|decimal places|round|template)\\b"),
                    "chat.topic.format", Map.of(
                    "python", "print(f\"{name} scored {score:.2f}\")",
                    "javascript", "console.log(`${name} scored ${score.toFixed(2)}`);",
                    "java", "System.out.printf(\"%s scored %.2f%n\", name, score);",
                    "native", "printf(\"%s scored %.2f\\n\", name, score);")),
            new Topic(Pattern.compile("\\b(random|dice|shuffle)\\b"), "chat.topic.random", Map.of(
                    "python", "import random\nroll = random.randint(1, 6)\nrandom.shuffle(items)",
                    "javascript", "const roll = Math.floor(Math.random() * 6) + 1;",
                    "java", "int roll = new Random().nextInt(6) + 1;  // import java.util.Random;",
                    "native", "srand(time(NULL));\nint roll = rand() % 6 + 1;")),
            new Topic(Pattern.compile("\\b(read|open|load) (a |the )?(file|csv|text)|\\bfile\\b"),
                    "chat.topic.read-file", Map.of(
                    "python", "with open(\"data.txt\") as f:\n    for line in f:\n        print(line.strip())",
                    "javascript", "const text = require('fs').readFileSync('data.txt', 'utf8');",
                    "java", "String text = Files.readString(Path.of(\"data.txt\"));  // java.nio.file",
                    "native", "FILE *f = fopen(\"data.txt\", \"r\");\n"
                            + "if (f == NULL) { perror(\"data.txt\"); return 1; }")),
            new Topic(Pattern.compile("\\b(function|method|def)\\b"), "chat.topic.function", Map.of(
                    "python", "def add(a, b=0):\n    return a + b",
                    "javascript", "function add(a, b = 0) {\n  return a + b;\n}\nconst twice = x => 2 * x;",
                    "java", "static int add(int a, int b) {\n    return a + b;\n}",
                    "native", "int add(int a, int b) {\n    return a + b;\n}")),
            new Topic(Pattern.compile("\\b(try|catch|except|exception|handle errors?)\\b"), "chat.topic.errors", Map.of(
                    "python", "try:\n    n = int(text)\nexcept ValueError:\n    print(\"not a number:\", text)",
                    "javascript", "try {\n  data = JSON.parse(text);\n} catch (err) {\n"
                            + "  console.error('bad JSON:', err.message);\n}",
                    "java", "try {\n    n = Integer.parseInt(text);\n} catch (NumberFormatException e) {\n"
                            + "    System.out.println(\"not a number: \" + text);\n}",
                    "native", "if (scanf(\"%d\", &n) != 1) { fprintf(stderr, \"not a number\\n\"); return 1; }")),
            new Topic(Pattern.compile("\\b(list|array|append|push|add an? (item|element))\\b"),
                    "chat.topic.list", Map.of(
                    "python", "items = []\nitems.append(3)\nlast = items[-1]\nsize = len(items)",
                    "javascript", "const items = [];\nitems.push(3);\nconst last = items.at(-1);",
                    "java", "List<Integer> items = new ArrayList<>();\nitems.add(3);\nint size = items.size();",
                    "native", "std::vector<int> items;  // C++\nitems.push_back(3);")),
            new Topic(Pattern.compile("\\b(class|object|oop)\\b"), "chat.topic.class", Map.of(
                    "python", "class Ghost:\n    def __init__(self, name):\n        self.name = name\n\n"
                            + "    def boo(self):\n        return f\"{self.name} says boo\"",
                    "javascript", "class Ghost {\n  constructor(name) { this.name = name; }\n"
                            + "  boo() { return `${this.name} says boo`; }\n}",
                    "java", "record Ghost(String name) {\n    String boo() { return name + \" says boo\"; }\n}",
                    "native", "struct Ghost { std::string name; };  // C++")),
            new Topic(Pattern.compile("\\b(import|module|another file|other file|split (my|the) code)\\b"),
                    "chat.topic.import", Map.of(
                    "python", "# save util.py in this session, then in main.py:\nimport util\nprint(util.add(1, 2))",
                    "javascript", "// util.js: module.exports = { add };\nconst { add } = require('./util');",
                    "java", "// a run compiles one source file: put the helper classes in Main.java (without `public`)",
                    "native", "// a run compiles one source file: put the helper functions above main()")));

    private final ErrorAdvisor advisor;

    OfflineChat(ErrorAdvisor advisor) {
        this.advisor = advisor;
    }

    String answer(GhostPrompt prompt) {
        String message = prompt.message() != null ? prompt.message().strip() : "";
        String lower = message.toLowerCase(Locale.ROOT);
        GhostPrompt.SessionSnapshot session = prompt.session();
        GhostPrompt.CodeUnit current = session.current();
        CodeFacts code = current != null ? new CodeFacts(current.code(), current.language()) : null;

        if (WHO.matcher(lower).find()) {
            return text("chat.who", "status", status(session, code));
        }
        if (GREETING.matcher(lower).find() && lower.length() < 40) {
            return text("chat.greeting", "status", status(session, code));
        }
        if (THANKS.matcher(lower).find() && lower.length() < 60) {
            return text("chat.thanks", "where", current != null && current.fileName() != null
                    ? text("chat.thanks.around", "file", current.fileName()) : "");
        }
        StringBuilder answer = new StringBuilder();
        if (ABOUT_ERROR.matcher(lower).find()) {
            answer.append(aboutError(session, code));
        }
        else if (EXPLAIN.matcher(lower).find()) {
            answer.append(explain(current, code, session.savedFiles()));
        }
        else if (HOW_TO.matcher(lower).find()) {
            String howTo = howTo(lower, current);
            answer.append(howTo != null ? howTo : text("chat.how-to.unknown"));
        }
        else {
            String howTo = howTo(lower, current);
            if (howTo != null) {
                answer.append(howTo);
            }
        }
        String mentioned = mentionedInCode(message, code);
        if (!mentioned.isEmpty()) {
            answer.append(answer.length() > 0 ? "\n\n" : "👻 ").append(mentioned);
        }
        if (answer.length() == 0) {
            String asked = message.length() > 120 ? message.substring(0, 120) + "…" : message;
            answer.append(text("chat.fallback", "message", asked, "status", status(session, code)));
        }
        return answer.toString().strip();
    }

    private String aboutError(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(this.advisor, failure, session.savedFiles());
            return text(session.lastFailureIsLatest() ? "chat.error.latest" : "chat.error.earlier",
                    "diagnosis", diagnosis.text());
        }
        String remark = "";
        if (code != null) {
            List<String> hints = CodeHints.about(code);
            remark = hints.isEmpty() ? text("chat.no-crash.calm", "language", languageName(code.language()))
                    : text("chat.no-crash.hints", "hints", String.join("; ", hints));
        }
        return text("chat.no-crash", "remark", remark);
    }

    private static String explain(GhostPrompt.@Nullable CodeUnit current, @Nullable CodeFacts code,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {
        if (current == null || code == null || code.code().isBlank()) {
            return text("chat.explain.no-code");
        }
        StringBuilder text = new StringBuilder(text("chat.explain"));
        String lines = lines(code.lineCount());
        String language = languageName(code.language());
        text.append(current.fileName() != null
                ? text("chat.explain.file", "file", current.fileName(), "lines", lines, "language", language)
                : text("chat.explain.unnamed", "lines", lines, "language", language));
        List<String> imports = code.imports();
        if (!imports.isEmpty()) {
            text.append(text("chat.explain.imports", "imports", join(imports, 5)));
            for (String module : imports) {
                GhostPrompt.CodeUnit saved = savedFiles.get(module + ".py");
                if (saved == null) {
                    saved = savedFiles.get(module.replaceFirst("^\\./", "") + ".js");
                }
                if (saved != null) {
                    List<String> functions = new CodeFacts(saved.code(), saved.language()).functions();
                    text.append(text("chat.explain.saved", "file", saved.fileName(), "defines", functions.isEmpty() ? ""
                            : text("chat.explain.saved.defines", "functions", join(functions, 5))));
                }
            }
        }
        List<String> classes = code.classes();
        if (!classes.isEmpty()) {
            text.append(text(classes.size() == 1 ? "chat.explain.class" : "chat.explain.classes",
                    "classes", join(classes, 5)));
        }
        List<String> functions = code.functions();
        if (!functions.isEmpty()) {
            text.append(text(functions.size() == 1 ? "chat.explain.function" : "chat.explain.functions",
                    "functions", join(functions, 8)));
        }
        int loop = code.findLine(Pattern.compile("^\\s*(for|while)\\b|\\bfor\\s*\\(|\\bwhile\\s*\\("));
        if (loop > 0) {
            text.append(text("chat.explain.loop", "line", loop, "code", code.line(loop).strip()));
        }
        int input = code.findLine(
                Pattern.compile("\\binput\\s*\\(|Scanner|scanf|cin\\s*>>|readFileSync\\(0|process\\.stdin"));
        if (input > 0) {
            text.append(text("chat.explain.input", "line", input));
        }
        int output = code.findLine(Pattern.compile("\\bprint\\s*\\(|console\\.log|System\\.out|printf|cout"));
        if (output > 0) {
            text.append(text("chat.explain.output", "line", output));
        }
        List<String> hints = CodeHints.about(code);
        if (!hints.isEmpty()) {
            text.append(text("chat.explain.hints", "hints", String.join("; ", hints)));
        }
        return text.toString();
    }

    private static @Nullable String howTo(String lower, GhostPrompt.@Nullable CodeUnit current) {
        String family = familyAskedFor(lower);
        if (family == null) {
            family = current != null ? ErrorAdvisor.family(current.language()) : null;
        }
        if (family == null) {
            family = "python";
        }
        for (Topic topic : TOPICS) {
            if (topic.keywords().matcher(lower).find()) {
                String language = family.equals("native") ? "cpp" : family;
                return text("chat.how-to", "what", text(topic.whatKey()), "language", languageName(language),
                        "fence", language, "snippet", topic.snippets().get(family),
                        "note", topic.whatKey().equals("chat.topic.read-file") ? text("chat.how-to.file-note") : "");
            }
        }
        return null;
    }

    private static @Nullable String familyAskedFor(String lower) {
        if (lower.matches(".*\\b(python|py)\\b.*")) {
            return "python";
        }
        if (lower.matches(".*\\b(javascript|js|node)\\b.*")) {
            return "javascript";
        }
        if (lower.matches(".*\\bjava\\b.*")) {
            return "java";
        }
        if (lower.matches(".*(\\bc\\+\\+|\\bcpp\\b|\\bin c\\b).*")) {
            return "native";
        }
        return null;
    }

    // names from the message that appear in the code, each with the lines that use them
    private static String mentionedInCode(String message, @Nullable CodeFacts code) {
        if (code == null) {
            return "";
        }
        Set<String> identifiers = code.identifiers();
        Map<String, List<Integer>> found = new LinkedHashMap<>();
        Matcher words = Pattern.compile("[A-Za-z_$][\\w$]*").matcher(message);
        Set<String> seen = new LinkedHashSet<>();
        while (words.find()) {
            String word = words.group();
            if (word.length() < 2 || STOP_WORDS.contains(word.toLowerCase(Locale.ROOT)) || !identifiers.contains(word)
                    || !seen.add(word)) {
                continue;
            }
            List<Integer> lines = new ArrayList<>();
            Pattern use = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])");
            for (int line = code.findLine(use); line > 0 && lines.size() < 3; line = code.findLine(use, line + 1)) {
                lines.add(line);
            }
            if (!lines.isEmpty()) {
                found.put(word, lines);
            }
            if (found.size() == 3) {
                break;
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Integer>> entry : found.entrySet()) {
            List<String> uses = new ArrayList<>();
            for (int line : entry.getValue()) {
                uses.add(text("line.quoted", "line", line, "code", code.line(line).strip()));
            }
            text.append(text("chat.mentioned", "name", entry.getKey(), "uses", String.join(", ", uses)));
        }
        return text.toString().strip();
    }

    private static String status(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        StringBuilder status = new StringBuilder();
        GhostPrompt.CodeUnit current = session.current();
        if (current != null && code != null) {
            status.append(text("chat.status.code", "lines", lines(code.lineCount()),
                    "language", languageName(code.language()),
                    "where", current.fileName() != null
                            ? text("chat.status.code.in", "file", current.fileName()) : ""));
        }
        else {
            status.append(text("chat.status.no-code"));
        }
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null && session.lastFailureIsLatest()) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(new ErrorAdvisor(), failure, session.savedFiles());
            status.append(text("chat.status.failed", "type", diagnosis.errorType(), "where", diagnosis.line() > 0
                    ? text("chat.status.failed.on-line", "line", diagnosis.line()) : ""));
        }
        if (!session.savedFiles().isEmpty()) {
            status.append(text("chat.status.saved", "files", join(new ArrayList<>(session.savedFiles().keySet()), 6)));
        }
        return status.toString();
    }

    static String languageName(@Nullable String language) {
        if (language == null) {
            return text("chat.language.unknown");
        }
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "python", "py", "python3" -> "Python";
            case "javascript", "js", "node" -> "JavaScript";
            case "typescript" -> "TypeScript";
            case "java" -> "Java";
            case "c" -> "C";
            case "cpp", "c++" -> "C++";
            case "", "plaintext" -> text("chat.language.text");
            default -> language;
        };
    }

    /** "1 line", "12 lines". */
    static String lines(int count) {
        return text(count == 1 ? "chat.lines.one" : "chat.lines", "count", count);
    }

    private static String join(List<String> names, int max) {
        List<String> shown = names.size() <= max ? names : names.subList(0, max);
        String text = "`" + String.join("`, `", shown) + "`";
        return names.size() <= max ? text : text("chat.list.more", "list", text, "count", names.size() - max);
    }
}
