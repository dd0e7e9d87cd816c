package io.ghostide.realtime.ghost.advice;

import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline advisor on real output of CPython 3.11, Node 20, OpenJDK 17 and gcc 12, captured
 * from the programs quoted here. Each test asserts that the advice names the actual problem: the
 * error type, its line, and the names and values of this very error.
 */
class OfflineAdviceTests {

    private final ErrorAdvisor advisor = new ErrorAdvisor();

    // ---- Python

    @Test
    void indexErrorTalksAboutTheListsLength() {
        String code = """
                items = [1, 2, 3]
                total = 0
                print(items[10])
                """;
        String advice = advise("python", code, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 3, in <module>
                    print(items[10])
                          ~~~~~^^^^
                IndexError: list index out of range
                """);
        assertThat(advice).contains("IndexError on line 3 of main.py: list index out of range")
                .contains("print(items[10])")
                .contains("`items[10]`")
                .contains("`len(items)`")
                .contains("at least 11 items");
    }

    @Test
    void keyErrorNamesTheDictionaryMissingTheKey() {
        String advice = advise("python", """
                user = {"name": "Ada", "age": 36}
                print(user["email"])
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    print(user["email"])
                          ~~~~^^^^^^^^^
                KeyError: 'email'
                """);
        assertThat(advice).contains("KeyError on line 2").contains("`user` has no key 'email'")
                .contains("`user.get('email')`").contains("`'email' in user`");
    }

    @Test
    void nameErrorSuggestsTheNameThatExists() {
        String advice = advise("python", """
                count = 3
                for i in range(cuont):
                    print(i)
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    for i in range(cuont):
                                   ^^^^^
                NameError: name 'cuont' is not defined. Did you mean: 'count'?
                """);
        assertThat(advice).contains("NameError on line 2").contains("`cuont` is used before Python knows it")
                .contains("Did you mean `count`?");
    }

    @Test
    void nameErrorOfAModuleSaysWhatToImport() {
        String advice = advise("python", "print(math.sqrt(2))\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 1, in <module>
                    print(math.sqrt(2))
                          ^^^^
                NameError: name 'math' is not defined
                """);
        assertThat(advice).contains("NameError on line 1").contains("`import math`");
    }

    @Test
    void typeErrorOfStringConcatenationSaysHowToConvert() {
        String advice = advise("python", """
                age = 36
                print("Age: " + age)
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    print("Age: " + age)
                          ~~~~~~~~^~~~~
                TypeError: can only concatenate str (not "int") to str
                """);
        assertThat(advice).contains("TypeError on line 2").contains("a string and `int`").contains("`str(value)`")
                .contains("f-string");
    }

    @Test
    void zeroDivisionOfAnEmptyListsAverageSaysTheListIsEmpty() {
        String advice = advise("python", """
                scores = []
                average = sum(scores) / len(scores)
                print(average)
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    average = sum(scores) / len(scores)
                              ~~~~~~~~~~~~^~~~~~~~~~~~~
                ZeroDivisionError: division by zero
                """);
        assertThat(advice).contains("ZeroDivisionError on line 2").contains("`len(scores)` is 0")
                .contains("The list is empty").contains("`if scores:`");
    }

    @Test
    void attributeErrorOnNoneFindsTheInPlaceMethodThatReturnedNone() {
        String advice = advise("python", """
                items = [3, 1, 2]
                items = items.sort()
                print(items.count(1))
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 3, in <module>
                    print(items.count(1))
                          ^^^^^^^^^^^
                AttributeError: 'NoneType' object has no attribute 'count'
                """);
        assertThat(advice).contains("AttributeError on line 3").contains("before `.count` is None")
                .contains("Line 2 (`items = items.sort()`) stores").contains("in-place method");
    }

    @Test
    void attributeErrorOfAJavaScriptHabitSaysThePythonWay() {
        String advice = advise("python", "items = []\nitems.push(1)\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    items.push(1)
                    ^^^^^^^^^^
                AttributeError: 'list' object has no attribute 'push'
                """);
        assertThat(advice).contains("AttributeError on line 2").contains("`.append(x)` adds to a list");
    }

    @Test
    void syntaxErrorOfAMissingColonShowsTheFixedLine() {
        String advice = advise("python", """
                x = 3
                if x > 2
                    print("big")
                """, """
                  File "/tmp/run-1/main.py", line 2
                    if x > 2
                            ^
                SyntaxError: expected ':'
                """);
        assertThat(advice).contains("SyntaxError on line 2 of main.py: expected ':'").contains("`if x > 2:`");
    }

    @Test
    void indentationErrorSaysToIndentTheBody() {
        String advice = advise("python", "def f():\nreturn 1\n", """
                  File "/tmp/run-1/main.py", line 2
                    return 1
                    ^
                IndentationError: expected an indented block after function definition on line 1
                """);
        assertThat(advice).contains("IndentationError on line 2").contains("must be indented").contains("4 spaces");
    }

    @Test
    void moduleNotFoundOfAnUnsavedLocalModuleSaysToSaveIt() {
        String advice = advise("python", "import util\nprint(util.add(1, 2))\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 1, in <module>
                    import util
                ModuleNotFoundError: No module named 'util'
                """, Map.of("helpers.py", unit("helpers.py", "def add(a, b): return a + b\n")));
        assertThat(advice).contains("ModuleNotFoundError on line 1").contains("save it in this session as `util.py`")
                .contains("saved so far: helpers.py");
    }

    @Test
    void moduleNotFoundOfAThirdPartyPackageSaysThereIsNoNetwork() {
        String advice = advise("python", "import requests\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 1, in <module>
                    import requests
                ModuleNotFoundError: No module named 'requests'
                """);
        assertThat(advice).contains("`requests` is a third-party package").contains("no network");
    }

    @Test
    void recursionErrorNamesTheFunctionWithoutABaseCase() {
        String advice = advise("python", """
                def fact(n):
                    return n * fact(n - 1)

                print(fact(5))
                """, """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 4, in <module>
                    print(fact(5))
                          ^^^^^^^
                  File "/tmp/run-1/main.py", line 2, in fact
                    return n * fact(n - 1)
                               ^^^^^^^^^^^
                  File "/tmp/run-1/main.py", line 2, in fact
                    return n * fact(n - 1)
                               ^^^^^^^^^^^
                  [Previous line repeated 996 more times]
                RecursionError: maximum recursion depth exceeded
                """);
        assertThat(advice).contains("RecursionError on line 2").contains("`fact` keeps calling itself")
                .contains("line 1 (`def fact(n):`)").contains("base case");
    }

    @Test
    void anErrorInsideASavedModuleQuotesThatFilesLine() {
        String util = "def add(a, b):\n    return a + b\n\ndef scale(xs):\n    return xs[10]\n";
        String advice = advise("python", "import util\nprint(util.scale([1, 2]))\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    print(util.scale([1, 2]))
                          ^^^^^^^^^^^^^^^^^^
                  File "/tmp/run-1/util.py", line 5, in scale
                    return xs[10]
                           ~~^^^^
                IndexError: list index out of range
                """, Map.of("util.py", unit("util.py", util)));
        assertThat(advice).contains("IndexError on line 5 of util.py").contains("return xs[10]").contains("`len(xs)`");
    }

    @Test
    void fileNotFoundSaysWhatTheRunDirectoryHolds() {
        String advice = advise("python", "with open(\"data.txt\") as f:\n    print(f.read())\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 1, in <module>
                    with open("data.txt") as f:
                         ^^^^^^^^^^^^^^^^
                FileNotFoundError: [Errno 2] No such file or directory: 'data.txt'
                """, Map.of("main.py", unit("main.py", "")));
        assertThat(advice).contains("FileNotFoundError on line 1").contains("no `data.txt`").contains("Save it as a session file");
    }

    // ---- JavaScript

    @Test
    void referenceErrorSuggestsTheDeclaredName() {
        String advice = advise("javascript", "const total = 5;\nconsole.log(totl + 1);\n", """
                /tmp/run-1/main.js:2
                console.log(totl + 1);
                            ^

                ReferenceError: totl is not defined
                    at Object.<anonymous> (/tmp/run-1/main.js:2:13)
                    at Module._compile (node:internal/modules/cjs/loader:1521:14)
                    at node:internal/main/run_main_module:28:49

                Node.js v20.20.2
                """);
        assertThat(advice).contains("ReferenceError on line 2 of main.js: totl is not defined")
                .contains("`totl` was never declared").contains("Did you mean `total`?");
    }

    @Test
    void typeErrorReadingFromUndefinedNamesTheUndefinedValue() {
        String advice = advise("javascript", """
                const users = [{ name: "Ada" }];
                const user = users[3];
                console.log(user.name.length);
                """, """
                /tmp/run-1/main.js:3
                console.log(user.name.length);
                                 ^

                TypeError: Cannot read properties of undefined (reading 'name')
                    at Object.<anonymous> (/tmp/run-1/main.js:3:18)
                    at Module._compile (node:internal/modules/cjs/loader:1521:14)

                Node.js v20.20.2
                """);
        assertThat(advice).contains("TypeError on line 3 of main.js").contains("`user` is undefined when the code reads `.name`")
                .contains("gets its value on line 2 (`const user = users[3];`) from an array index")
                .contains("`user?.name`");
    }

    @Test
    void syntaxErrorAtTheEndOfInputSaysABraceIsMissing() {
        String advice = advise("javascript", "function greet(name) {\n  console.log(\"hi \" + name);\n\ngreet(\"Ada\");\n", """
                /tmp/run-1/main.js:5



                SyntaxError: Unexpected end of input
                    at wrapSafe (node:internal/modules/cjs/loader:1464:18)
                    at Module._compile (node:internal/modules/cjs/loader:1495:20)

                Node.js v20.20.2
                """);
        assertThat(advice).contains("SyntaxError").contains("Unexpected end of input").contains("closing brace is probably missing");
    }

    // ---- Java

    @Test
    void arrayIndexOutOfBoundsFindsTheLoopWithLessOrEqual() {
        String advice = advise("java", """
                public class Main {
                    public static void main(String[] args) {
                        int[] numbers = new int[5];
                        for (int i = 0; i <= numbers.length; i++) {
                            numbers[i] = i * 2;
                        }
                    }
                }
                """, """
                Exception in thread "main" java.lang.ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 5
                	at Main.main(Main.java:5)
                """);
        assertThat(advice).contains("ArrayIndexOutOfBoundsException on line 5 of Main.java")
                .contains("valid indexes are 0 to 4")
                .contains("Line 4 (`for (int i = 0; i <= numbers.length; i++) {`) loops with `<=`").contains("use `<`");
    }

    @Test
    void nullPointerExceptionNamesTheNullVariable() {
        String advice = advise("java", """
                public class Main {
                    static String name;
                    public static void main(String[] args) {
                        String greeting = "hi";
                        System.out.println(name.length() + greeting);
                    }
                }
                """, """
                Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" because "Main.name" is null
                	at Main.main(Main.java:5)
                """);
        assertThat(advice).contains("NullPointerException on line 5 of Main.java").contains("`Main.name` is null")
                .contains("`String.length()`");
    }

    @Test
    void javaCannotFindSymbolSuggestsTheDeclaredName() {
        String advice = advise("java", """
                public class Main {
                    public static void main(String[] args) {
                        int total = 0;
                        System.out.println(totl);
                    }
                }
                """, """
                Main.java:4: error: cannot find symbol
                        System.out.println(totl);
                                           ^
                  symbol:   variable totl
                  location: class Main
                1 error
                error: compilation failed
                """);
        assertThat(advice).contains("Compile error (cannot find symbol) on line 4 of Main.java")
                .contains("The variable `totl` isn't declared").contains("Did you mean `total`?");
    }

    @Test
    void javaScannerWithoutImportSaysWhichImport() {
        String code = "public class Main {\n    public static void main(String[] a) {\n"
                + "        Scanner in = new Scanner(System.in);\n    }\n}\n";
        String advice = advise("java", code, """
                Main.java:3: error: cannot find symbol
                        Scanner in = new Scanner(System.in);
                        ^
                  symbol:   class Scanner
                  location: class Main
                2 errors
                error: compilation failed
                """);
        assertThat(advice).contains("`import java.util.Scanner;`");
    }

    @Test
    void javaMissingSemicolonPointsAtTheLine() {
        String code = "public class Main {\n    public static void main(String[] args) {\n        int x = 3\n"
                + "        System.out.println(x);\n    }\n}\n";
        String advice = advise("java", code, """
                Main.java:3: error: ';' expected
                        int x = 3
                                 ^
                1 error
                error: compilation failed
                """);
        assertThat(advice).contains("on line 3 of Main.java").contains("A `;` is missing at the end of line 3");
    }

    // ---- C and C++

    @Test
    void gccUndeclaredIdentifierIsNamed() {
        String advice = advise("c", """
                #include <stdio.h>
                int main(void) {
                    int y = x + 1;
                    printf("%d\\n", y);
                    return 0;
                }
                """, """
                main.c: In function ‘main’:
                main.c:3:13: error: ‘x’ undeclared (first use in this function)
                    3 |     int y = x + 1;
                      |             ^
                main.c:3:13: note: each undeclared identifier is reported only once for each function it appears in
                """);
        assertThat(advice).contains("Compile error (undeclared identifier) on line 3 of main.c")
                .contains("Undeclared identifier `x`").contains("int y = x + 1;");
    }

    @Test
    void gccMissingSemicolonPointsAtTheLineThatLacksIt() {
        String advice = advise("c", """
                #include <stdio.h>
                int main(void) {
                    printf("hi\\n")
                    return 0;
                }
                """, """
                main.c: In function 'main':
                main.c:3:19: error: expected ';' before 'return'
                    3 |     printf("hi\\n")
                      |                   ^
                      |                   ;
                    4 |     return 0;
                      |     ~~~~~~
                """);
        assertThat(advice).contains("Compile error (missing token) on line 3").contains("Missing semicolon")
                .contains("end of line 3 (`printf(\"hi\\n\")`)");
    }

    @Test
    void gppCoutWithoutIncludeSaysWhichHeader() {
        String advice = advise("cpp", "int main() {\n    cout << \"hi\" << endl;\n    return 0;\n}\n", """
                main.cpp: In function 'int main()':
                main.cpp:2:5: error: 'cout' was not declared in this scope
                    2 |     cout << "hi" << endl;
                      |     ^~~~
                """);
        assertThat(advice).contains("on line 2 of main.cpp").contains("`#include <iostream>`").contains("`std::cout`");
    }

    @Test
    void segmentationFaultFindsTheScanfWithoutAmpersand() {
        String advice = advise("c", """
                #include <stdio.h>
                int main(void) {
                    int n;
                    scanf("%d", n);
                    printf("%d\\n", n);
                    return 0;
                }
                """, "", 139, ExecutionResult.Status.RUNTIME_ERROR);
        assertThat(advice).contains("Segmentation fault (exit code 139").contains("line 4 (`scanf(\"%d\", n);`)")
                .contains("without `&`");
    }

    @Test
    void uncaughtCppExceptionIsExplainedFromItsMessage() {
        String advice = advise("cpp", "#include <vector>\nint main() {\n    std::vector<int> v = {1, 2, 3};\n    return v.at(10);\n}\n", """
                terminate called after throwing an instance of 'std::out_of_range'
                  what():  vector::_M_range_check: __n (which is 10) >= this->size() (which is 3)
                """, 134, ExecutionResult.Status.RUNTIME_ERROR);
        assertThat(advice).contains("std::out_of_range").contains("which is 10").contains("`i < v.size()`");
    }

    // ---- limits

    @Test
    void timeoutPointsAtTheEndlessLoop() {
        String advice = advise("python", """
                n = 10
                while True:
                    n = n - 1
                print(n)
                """, "", -1, ExecutionResult.Status.TIMED_OUT);
        assertThat(advice).contains("Timeout").contains("line 2 (`while True:`)").contains("`break`");
    }

    @Test
    void memoryLimitPointsAtTheGrowingCollection() {
        String advice = advise("python", """
                data = []
                while True:
                    data.append("x" * 1000)
                """, "", 137, ExecutionResult.Status.MEMORY_LIMIT_EXCEEDED);
        assertThat(advice).contains("Memory limit exceeded").contains("line 3 (`data.append(\"x\" * 1000)`)");
    }

    @Test
    void anUnreadableErrorStillQuotesWhatTheProgramSaid() {
        String advice = advise("python", "import sys\nsys.exit(3)\n", "fatal: configuration missing\n");
        assertThat(advice).contains("exit code 1").contains("fatal: configuration missing");
    }

    @Test
    void theDiagnosisLocatesTheErrorForClients() {
        ErrorAdvisor.Diagnosis diagnosis = this.advisor.diagnose(run("python", "items = []\nprint(items[0])\n", """
                Traceback (most recent call last):
                  File "/tmp/run-1/main.py", line 2, in <module>
                    print(items[0])
                IndexError: list index out of range
                """, 1, ExecutionResult.Status.RUNTIME_ERROR), Map.of());
        assertThat(diagnosis.context()).containsEntry("error_type", "IndexError").containsEntry("line", 2)
                .containsEntry("file", "main.py");
    }

    // ---- helpers

    private String advise(String language, String code, String stderr) {
        return advise(language, code, stderr, 1, ExecutionResult.Status.RUNTIME_ERROR);
    }

    private String advise(String language, String code, String stderr, Map<String, SourceFile> saved) {
        return this.advisor.diagnose(run(language, code, stderr, 1, ExecutionResult.Status.RUNTIME_ERROR), saved).text();
    }

    private String advise(String language, String code, String stderr, int exitCode, ExecutionResult.Status status) {
        return this.advisor.diagnose(run(language, code, stderr, exitCode, status), Map.of()).text();
    }

    static FailedRun run(String language, String code, String stderr, int exitCode,
            ExecutionResult.Status status) {
        return new FailedRun(new SourceFile(language, code), new ExecutionResult("", stderr, exitCode, 0.1,
                status == ExecutionResult.Status.TIMED_OUT, status, false));
    }

    static SourceFile unit(String name, String code) {
        return new SourceFile("python", code);
    }
}
