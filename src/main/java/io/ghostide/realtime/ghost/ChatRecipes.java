package io.ghostide.realtime.ghost;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The recipes Ghost's offline chat shows for a "how do I …" question, one per topic, in each
 * language family. The snippets are code, so they are kept here; what each shows how to do is a
 * text of {@code ghost/advice/chat.properties}.
 */
final class ChatRecipes {

    private ChatRecipes() {
    }

    /** A topic: the words that ask for it, the key of what it shows how to do, and a snippet per language family. */
    record Topic(Pattern keywords, String whatKey, Map<String, String> snippets) {
    }

    /** In the order they are tried. */
    static final List<Topic> TOPICS = List.of(
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
}
