package io.ghostide.realtime.ghost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.ExecutionResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineChatTests {

    private static final String CODE = """
            import math

            def average(values):
                return sum(values) / len(values)

            def report(scores):
                for name, score in scores.items():
                    print(name, score)
                if scores == None:
                    return
            """;

    private final OfflineChat chat = new OfflineChat(new ErrorAdvisor());

    @Test
    void askingWhyItFailedExplainsTheLastError() {
        GhostPrompt.RunReport failure = new GhostPrompt.RunReport("run-1", "python", CODE + "print(average([]))\n",
                new ExecutionResult("", """
                        Traceback (most recent call last):
                          File "/tmp/r/main.py", line 11, in <module>
                            print(average([]))
                          File "/tmp/r/main.py", line 4, in average
                            return sum(values) / len(values)
                        ZeroDivisionError: division by zero
                        """, 1, 0.1, false, ExecutionResult.Status.RUNTIME_ERROR, false));
        String answer = ask("why did it crash?", session(code("main.py"), failure, true));
        assertThat(answer).contains("About your last run").contains("ZeroDivisionError on line 4")
                .contains("return sum(values) / len(values)").contains("`if values:`");
    }

    @Test
    void whenTheLatestRunSucceededItSaysSoBeforeTheOldError() {
        GhostPrompt.RunReport failure = new GhostPrompt.RunReport("run-1", "python", "x = {}\nx['a']\n",
                new ExecutionResult("", "Traceback (most recent call last):\n  File \"main.py\", line 2, in <module>\nKeyError: 'a'\n",
                        1, 0.1, false, ExecutionResult.Status.RUNTIME_ERROR, false));
        String answer = ask("what's wrong?", session(code("main.py"), failure, false));
        assertThat(answer).contains("latest run didn't report an error").contains("KeyError");
    }

    @Test
    void askingAboutAnErrorWithoutOneLooksAtTheCodeInstead() {
        String answer = ask("is there a bug in my code?", session(code("main.py"), null, false));
        assertThat(answer).contains("No crash on record").contains("line 9: compare with None using `is None`");
    }

    @Test
    void explainingTheCodeNamesItsParts() {
        String answer = ask("can you explain my code?", session(code("stats.py"), null, false));
        assertThat(answer).contains("stats.py is 10 lines of Python").contains("`math`").contains("`average`, `report`")
                .contains("line 7 (`for name, score in scores.items():`)");
    }

    @Test
    void howToAnswersInTheSessionsLanguage() {
        GhostPrompt.CodeUnit js = new GhostPrompt.CodeUnit("app.js", "javascript", "const xs = [3, 1, 2];\n");
        assertThat(ask("how do I sort numbers?", session(js, null, false))).contains("in JavaScript")
                .contains("numbers.sort((a, b) => a - b)");
    }

    @Test
    void howToAnswersInTheLanguageAsked() {
        assertThat(ask("how do I read input in java?", session(code("main.py"), null, false))).contains("in Java")
                .contains("new Scanner(System.in)");
    }

    @Test
    void aNameFromTheCodeIsQuotedWhereItAppears() {
        String answer = ask("what happens to scores here?", session(code("main.py"), null, false));
        assertThat(answer).contains("`scores` appears on line 6 (`def report(scores):`)")
                .contains("line 7 (`for name, score in scores.items():`)");
    }

    @Test
    void anythingElseGetsAnAnswerAboutThisSessionNotACannedLine() {
        String answer = ask("tell me a story about pirates", session(code("main.py"), null, false));
        assertThat(answer).contains("tell me a story about pirates").contains("10 lines of Python in main.py")
                .contains("Saved files: `main.py`");
    }

    @Test
    void smallTalkMentionsTheSession() {
        assertThat(ask("hi", session(null, null, false))).contains("Boo!").contains("haven't seen any code");
        assertThat(ask("who are you?", session(code("main.py"), null, false))).contains("I'm Ghost").contains("main.py");
    }

    private String ask(String message, GhostPrompt.SessionSnapshot session) {
        return this.chat.answer(new GhostPrompt(GhostPrompt.Trigger.CHAT, message, session, List.of(), null, null));
    }

    private static GhostPrompt.CodeUnit code(String name) {
        return new GhostPrompt.CodeUnit(name, "python", CODE);
    }

    private static GhostPrompt.SessionSnapshot session(GhostPrompt.CodeUnit current, GhostPrompt.RunReport failure,
            boolean failureIsLatest) {
        Map<String, GhostPrompt.CodeUnit> saved = new LinkedHashMap<>();
        if (current != null && current.fileName() != null) {
            saved.put(current.fileName(), current);
        }
        return new GhostPrompt.SessionSnapshot("s1", current, failure, failureIsLatest, saved);
    }
}
