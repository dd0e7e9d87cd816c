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

/**
 * Ghost's chat without a model: it works out what the message asks (about the last error, about
 * the code, how to do something, about a name in the code) and answers from what it knows of the
 * session, in Ghost's voice. Every answer refers to the message, the code or the last error;
 * when it can't help it says so and says what it can do instead.
 */
final class OfflineChat {

    private static final Pattern GREETING = Pattern.compile("^(hi|hello|hey|yo|hiya|howdy|boo|good (morning|afternoon|evening))\\b");

    private static final Pattern THANKS = Pattern.compile("\\b(thanks|thank you|thx|ty|cheers)\\b");

    private static final Pattern WHO = Pattern.compile("\\b(who|what) are you\\b|\\byour name\\b|\\bwhat can you do\\b|^help\\b");

    private static final Pattern ABOUT_ERROR = Pattern.compile("\\b(error|errors|wrong|fix|bug|bugs|crash|crashed|crashes|fail|failed|"
            + "fails|failing|broken|broke|traceback|exception|stack ?trace|doesn'?t work|not working|issue|problem|why)\\b");

    private static final Pattern EXPLAIN = Pattern.compile("\\b(explain|what does|what is this|walk me through|understand|review|"
            + "summari[sz]e|how does (this|my|the) (code|program)|look at my code|check my code)\\b");

    private static final Pattern HOW_TO = Pattern.compile("\\b(how (do|can|would|should) (i|you|we)|how to|example of|syntax (for|of)|"
            + "way to|show me)\\b");

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "is", "it", "in", "on", "my", "i", "to", "do",
            "does", "what", "why", "how", "this", "that", "of", "and", "or", "for", "with", "you", "me", "can", "be",
            "are", "was", "not", "if", "else", "print", "return", "def", "int", "var", "let", "const", "new", "code");

    // topic -> (its keywords, snippet per language family)
    private record Topic(Pattern keywords, String what, Map<String, String> snippets) {
    }

    private static final List<Topic> TOPICS = List.of(
            new Topic(Pattern.compile("\\b(input|read (a )?(number|line|value)|stdin|user enter|ask the user)\\b"), "read input", Map.of(
                    "python", "name = input(\"Name: \")\nn = int(input())  # input() always gives a string",
                    "javascript", "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');\nconst n = Number(lines[0]);",
                    "java", "Scanner in = new Scanner(System.in);  // import java.util.Scanner;\nint n = in.nextInt();\n"
                            + "String line = in.nextLine();",
                    "native", "int n;\nif (scanf(\"%d\", &n) != 1) { /* no number */ }  // C++: std::cin >> n;")),
            new Topic(Pattern.compile("\\b(sort|sorted|sorting|order)\\b"), "sort", Map.of(
                    "python", "numbers.sort()                 # in place\nwords = sorted(words, key=len)  # new list, by length\n"
                            + "numbers.sort(reverse=True)",
                    "javascript", "numbers.sort((a, b) => a - b);  // without the function, 10 sorts before 9\n"
                            + "words.sort((a, b) => a.localeCompare(b));",
                    "java", "Arrays.sort(array);\nlist.sort(Comparator.reverseOrder());",
                    "native", "std::sort(v.begin(), v.end());  // C++, #include <algorithm>\n"
                            + "qsort(a, n, sizeof a[0], compare);  // C, #include <stdlib.h>")),
            new Topic(Pattern.compile("\\b(reverse|backwards)\\b"), "reverse", Map.of(
                    "python", "text[::-1]\nlist(reversed(items))",
                    "javascript", "[...text].reverse().join('')\nitems.slice().reverse()",
                    "java", "new StringBuilder(text).reverse().toString()\nCollections.reverse(list);",
                    "native", "std::reverse(s.begin(), s.end());  // C++, #include <algorithm>")),
            new Topic(Pattern.compile("\\b(dict|dictionary|map|hash ?map|count (words|occurrences)|key)\\b"), "use a dictionary", Map.of(
                    "python", "counts = {}\nfor word in words:\n    counts[word] = counts.get(word, 0) + 1",
                    "javascript", "const counts = new Map();\nfor (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);",
                    "java", "Map<String, Integer> counts = new HashMap<>();\nfor (String w : words) counts.merge(w, 1, Integer::sum);",
                    "native", "std::map<std::string, int> counts;  // C++, #include <map>\nfor (auto& w : words) counts[w]++;")),
            new Topic(Pattern.compile("\\b(loop|iterate|for each|foreach|repeat)\\b"), "loop", Map.of(
                    "python", "for i, item in enumerate(items):\n    print(i, item)\nfor n in range(10):  # 0..9\n    ...",
                    "javascript", "for (const item of items) console.log(item);\nitems.forEach((item, i) => console.log(i, item));",
                    "java", "for (int x : array) System.out.println(x);\nfor (int i = 0; i < n; i++) { ... }",
                    "native", "for (int i = 0; i < n; i++) { printf(\"%d\\n\", a[i]); }")),
            new Topic(Pattern.compile("\\b(format|f-?string|decimal places|round|template)\\b"), "format output", Map.of(
                    "python", "print(f\"{name} scored {score:.2f}\")",
                    "javascript", "console.log(`${name} scored ${score.toFixed(2)}`);",
                    "java", "System.out.printf(\"%s scored %.2f%n\", name, score);",
                    "native", "printf(\"%s scored %.2f\\n\", name, score);")),
            new Topic(Pattern.compile("\\b(random|dice|shuffle)\\b"), "pick random numbers", Map.of(
                    "python", "import random\nroll = random.randint(1, 6)\nrandom.shuffle(items)",
                    "javascript", "const roll = Math.floor(Math.random() * 6) + 1;",
                    "java", "int roll = new Random().nextInt(6) + 1;  // import java.util.Random;",
                    "native", "srand(time(NULL));\nint roll = rand() % 6 + 1;")),
            new Topic(Pattern.compile("\\b(read|open|load) (a |the )?(file|csv|text)|\\bfile\\b"), "read a file", Map.of(
                    "python", "with open(\"data.txt\") as f:\n    for line in f:\n        print(line.strip())",
                    "javascript", "const text = require('fs').readFileSync('data.txt', 'utf8');",
                    "java", "String text = Files.readString(Path.of(\"data.txt\"));  // java.nio.file",
                    "native", "FILE *f = fopen(\"data.txt\", \"r\");\nif (f == NULL) { perror(\"data.txt\"); return 1; }")),
            new Topic(Pattern.compile("\\b(function|method|def)\\b"), "write a function", Map.of(
                    "python", "def add(a, b=0):\n    return a + b",
                    "javascript", "function add(a, b = 0) {\n  return a + b;\n}\nconst twice = x => 2 * x;",
                    "java", "static int add(int a, int b) {\n    return a + b;\n}",
                    "native", "int add(int a, int b) {\n    return a + b;\n}")),
            new Topic(Pattern.compile("\\b(try|catch|except|exception|handle errors?)\\b"), "handle errors", Map.of(
                    "python", "try:\n    n = int(text)\nexcept ValueError:\n    print(\"not a number:\", text)",
                    "javascript", "try {\n  data = JSON.parse(text);\n} catch (err) {\n  console.error('bad JSON:', err.message);\n}",
                    "java", "try {\n    n = Integer.parseInt(text);\n} catch (NumberFormatException e) {\n"
                            + "    System.out.println(\"not a number: \" + text);\n}",
                    "native", "if (scanf(\"%d\", &n) != 1) { fprintf(stderr, \"not a number\\n\"); return 1; }")),
            new Topic(Pattern.compile("\\b(list|array|append|push|add an? (item|element))\\b"), "work with a list", Map.of(
                    "python", "items = []\nitems.append(3)\nlast = items[-1]\nsize = len(items)",
                    "javascript", "const items = [];\nitems.push(3);\nconst last = items.at(-1);",
                    "java", "List<Integer> items = new ArrayList<>();\nitems.add(3);\nint size = items.size();",
                    "native", "std::vector<int> items;  // C++\nitems.push_back(3);")),
            new Topic(Pattern.compile("\\b(class|object|oop)\\b"), "write a class", Map.of(
                    "python", "class Ghost:\n    def __init__(self, name):\n        self.name = name\n\n    def boo(self):\n"
                            + "        return f\"{self.name} says boo\"",
                    "javascript", "class Ghost {\n  constructor(name) { this.name = name; }\n"
                            + "  boo() { return `${this.name} says boo`; }\n}",
                    "java", "record Ghost(String name) {\n    String boo() { return name + \" says boo\"; }\n}",
                    "native", "struct Ghost { std::string name; };  // C++")),
            new Topic(Pattern.compile("\\b(import|module|another file|other file|split (my|the) code)\\b"), "use another file", Map.of(
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
            return "👻 I'm Ghost, the spirit haunting this IDE. I read every error your runs throw and tell you what went wrong and where, "
                    + "I comment when you run or save, and I answer questions about your code. Try “why did it fail?”, “explain my code” "
                    + "or “how do I sort a list?”. "
                    + status(session, code);
        }
        if (GREETING.matcher(lower).find() && lower.length() < 40) {
            return "👻 Boo! Hello there. " + status(session, code) + " Ask me about an error, your code, or how to do something.";
        }
        if (THANKS.matcher(lower).find() && lower.length() < 60) {
            return "👻 Any time! I'll be lurking" + (current != null && current.fileName() != null ? " around " + current.fileName() : "")
                    + ".";
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
            answer.append(howTo != null ? howTo
                    : "👻 I know a handful of recipes offline—input, sort, reverse, dictionaries, loops, formatting, random numbers, "
                    + "files, functions, errors, lists, classes and imports—but not this one. ");
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
            answer.append("👻 You asked: “").append(message.length() > 120 ? message.substring(0, 120) + "…" : message).append("”. ")
                    .append("I'm the offline ghost, so I can't chat about everything, but I do know this session: ")
                    .append(status(session, code))
                    .append(" Ask me “what's wrong?”, “explain my code”, or “how do I read input?”.");
        }
        return answer.toString().strip();
    }

    private String aboutError(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(this.advisor, failure, session.savedFiles());
            String prefix = session.lastFailureIsLatest() ? "About your last run: "
                    : "Your latest run didn't report an error. The last one that failed said: ";
            return prefix + "\n\n" + diagnosis.text();
        }
        StringBuilder text = new StringBuilder("👻 No crash on record in this session yet, so there's no error for me to dissect. ");
        if (code != null) {
            List<String> hints = CodeHints.about(code);
            text.append(hints.isEmpty() ? "Your " + languageName(code.language()) + " code looks calm to me at a glance. "
                    : "A few things in your code I'd look at: " + String.join("; ", hints) + ". ");
        }
        return text.append("Run it, and if it throws I'll tell you what and where the moment it happens.").toString();
    }

    private static String explain(GhostPrompt.@Nullable CodeUnit current, @Nullable CodeFacts code,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {
        if (current == null || code == null || code.code().isBlank()) {
            return "👻 I'd love to, but I haven't seen any code in this session yet. Save a file or run something, or send the code along "
                    + "with your question.";
        }
        StringBuilder text = new StringBuilder("👻 Let me float over it. ");
        text.append(current.fileName() != null ? current.fileName() + " is " : "It's ").append(plural(code.lineCount(), "line"))
                .append(" of ").append(languageName(code.language())).append(". ");
        List<String> imports = code.imports();
        if (!imports.isEmpty()) {
            text.append("It uses ").append(join(imports, 5)).append(". ");
            for (String module : imports) {
                GhostPrompt.CodeUnit saved = savedFiles.get(module + ".py");
                if (saved == null) {
                    saved = savedFiles.get(module.replaceFirst("^\\./", "") + ".js");
                }
                if (saved != null) {
                    List<String> functions = new CodeFacts(saved.code(), saved.language()).functions();
                    text.append(saved.fileName()).append(" is saved in this session")
                            .append(functions.isEmpty() ? "" : " and defines " + join(functions, 5)).append(". ");
                }
            }
        }
        List<String> classes = code.classes();
        if (!classes.isEmpty()) {
            text.append("It defines ").append(classes.size() == 1 ? "the class " : "the classes ").append(join(classes, 5)).append(". ");
        }
        List<String> functions = code.functions();
        if (!functions.isEmpty()) {
            text.append(functions.size() == 1 ? "There's one function, " : "Functions: ").append(join(functions, 8)).append(". ");
        }
        int loop = code.findLine(Pattern.compile("^\\s*(for|while)\\b|\\bfor\\s*\\(|\\bwhile\\s*\\("));
        if (loop > 0) {
            text.append("The first loop starts on line ").append(loop).append(" (`").append(code.line(loop).strip()).append("`). ");
        }
        int input = code.findLine(Pattern.compile("\\binput\\s*\\(|Scanner|scanf|cin\\s*>>|readFileSync\\(0|process\\.stdin"));
        if (input > 0) {
            text.append("It reads input on line ").append(input).append(", so give the run some input. ");
        }
        int output = code.findLine(Pattern.compile("\\bprint\\s*\\(|console\\.log|System\\.out|printf|cout"));
        if (output > 0) {
            text.append("Output starts on line ").append(output).append(". ");
        }
        List<String> hints = CodeHints.about(code);
        if (!hints.isEmpty()) {
            text.append("\n\nWorth a look: ").append(String.join("; ", hints)).append('.');
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
                String snippet = topic.snippets().get(family);
                String language = family.equals("native") ? "cpp" : family;
                String note = topic.what().equals("read a file")
                        ? "\nA run sees the files saved in this session, so save data.txt here first." : "";
                return "👻 Here's how to " + topic.what() + " in " + languageName(language) + ":\n\n```" + language + "\n" + snippet
                        + "\n```\n" + note;
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
            if (word.length() < 2 || STOP_WORDS.contains(word.toLowerCase(Locale.ROOT)) || !identifiers.contains(word) || !seen.add(word)) {
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
            text.append('`').append(entry.getKey()).append("` appears on ");
            List<String> uses = new ArrayList<>();
            for (int line : entry.getValue()) {
                uses.add("line " + line + " (`" + code.line(line).strip() + "`)");
            }
            text.append(String.join(", ", uses)).append(". ");
        }
        return text.toString().strip();
    }

    private static String status(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        StringBuilder status = new StringBuilder();
        GhostPrompt.CodeUnit current = session.current();
        if (current != null && code != null) {
            status.append("I can see ").append(plural(code.lineCount(), "line")).append(" of ").append(languageName(code.language()))
                    .append(current.fileName() != null ? " in " + current.fileName() : "").append('.');
        }
        else {
            status.append("I haven't seen any code in this session yet.");
        }
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null && session.lastFailureIsLatest()) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(new ErrorAdvisor(), failure, session.savedFiles());
            status.append(" Your last run failed with ").append(diagnosis.errorType())
                    .append(diagnosis.line() > 0 ? " on line " + diagnosis.line() : "").append('.');
        }
        if (!session.savedFiles().isEmpty()) {
            status.append(" Saved files: ").append(join(new ArrayList<>(session.savedFiles().keySet()), 6)).append('.');
        }
        return status.toString();
    }

    static String languageName(@Nullable String language) {
        if (language == null) {
            return "code";
        }
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "python", "py", "python3" -> "Python";
            case "javascript", "js", "node" -> "JavaScript";
            case "typescript" -> "TypeScript";
            case "java" -> "Java";
            case "c" -> "C";
            case "cpp", "c++" -> "C++";
            case "", "plaintext" -> "text";
            default -> language;
        };
    }

    private static String plural(int count, String word) {
        return count + " " + word + (count == 1 ? "" : "s");
    }

    private static String join(List<String> names, int max) {
        List<String> shown = names.size() <= max ? names : names.subList(0, max);
        String text = "`" + String.join("`, `", shown) + "`";
        return names.size() <= max ? text : text + " and " + (names.size() - max) + " more";
    }
}
