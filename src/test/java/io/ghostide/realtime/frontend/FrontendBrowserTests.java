package io.ghostide.realtime.frontend;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ghostide.realtime.frontend.BrowserDriver.Tab;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.HookType;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionUpdateType;
import io.ghostide.realtime.messaging.StreamType;
import io.ghostide.realtime.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample page in real headless Chromium, served by the app on a random port. Each test
 * leaves screenshots under {@code target/browser-screenshots/}. Without Chromium (or without
 * the page's npm packages) the class is skipped with the reason. Real runs and real Ghost
 * answers drive most tests; others publish messages through {@link MessageRouter} to check
 * how the page renders every message type.
 */
class FrontendBrowserTests extends BrowserTestSupport {

    @Autowired
    MessageRouter router;

    // ---- the scenarios

    @Test
    void aNewUserFixesTheLineTheirRunMarksWhileASecondTabFollows() {
        String session = session();
        Tab alice = open(base(), session, "stomp", "&name=alice");
        Tab bob = open(base(), session, "raw", "&name=bob");
        recordRowTimes(alice);

        // a program long enough that its failing line starts out of view, the last lines typed
        StringBuilder start = new StringBuilder("import time\n\nfor step in range(1, 4):\n"
                + "    print(f\"step {step} of 3\", flush=True)\n    time.sleep(0.3)\n");
        for (int i = 6; i <= 40; i++) {
            start.append("# note ").append(i).append('\n');
        }
        setCode(alice, start.toString());
        alice.click("#code .cm-content");
        alice.chord("Control+End");
        alice.keys("values = []\nprint(\"counting\", flush=True)\nprint(sum(values) / len(values))\n");
        assertThat(code(alice)).endsWith("# note 40\nvalues = []\nprint(\"counting\", flush=True)\n"
                + "print(sum(values) / len(values))\n");
        alice.chord("Control+s");
        alice.waitFor("document.querySelector('#file-list li[data-file-name=\"main.py\"]') !== null");
        alice.eval("ghostide.editor.view.scrollDOM.scrollTop = 0");

        alice.chord("Control+Enter");
        alice.waitFor("document.getElementById('run-status').dataset.status === 'running'");
        alice.waitFor(RUN_FINISHED, RUN_WAIT);
        List<String> rows = texts(alice.eval(OUTPUT_ROWS));
        // stdout and stderr are two pipes: each keeps its order, not the order between them
        assertThat(rows.stream().filter(row -> row.startsWith("stdout:")))
                .containsExactly("stdout:step 1 of 3", "stdout:step 2 of 3", "stdout:step 3 of 3", "stdout:counting");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("stderr:").contains("ZeroDivisionError"));
        JsonNode times = alice.eval("window.rowTimes");
        assertThat(times.get(2).asDouble() - times.get(0).asDouble()).as("lines streamed as printed").isGreaterThan(400);

        // line 43 is marked in the gutter and the text, and scrolled into view
        assertThat(alice.eval("ghostide.editor.markedLine").asInt()).isEqualTo(43);
        assertThat(alice.text("#code .cm-error-line")).isEqualTo("print(sum(values) / len(values))");
        assertThat(alice.eval("document.querySelector('#code .error-marker').title").asString())
                .contains("ZeroDivisionError");
        alice.waitFor(MARKED_LINE_IN_VIEW);
        // both reactions, to on_run and to on_error, told in full: the second marks the line too, and must not
        // come after the fix below
        alice.waitFor("document.querySelectorAll('#chat .message.reaction[data-complete]').length >= 2"
                + " && document.getElementById('typing').hidden", RUN_WAIT);
        alice.eval("document.querySelectorAll('.toast').forEach(t => t.remove())");
        alice.screenshot("overview");

        // the fix: the mark goes with the edit, Ctrl+S stores it, the second tab loads it
        setCode(alice, code(alice).replace("/ len(values))", "/ max(len(values), 1))"));
        assertThat(alice.eval("ghostide.editor.markedLine").asInt()).isZero();
        alice.eval("ghostide.editor.focus()");
        alice.chord("Control+s");
        bob.waitFor("document.querySelector('#file-list li[data-file-name=\"main.py\"]') !== null");
        bob.waitFor("ghostide.editor.value.includes('max(len(values), 1)')");
        assertThat(bob.eval("document.querySelector('#file-list li.current')?.dataset.fileName").asString())
                .isEqualTo("main.py");
        alice.chord("Control+Enter");
        alice.waitFor("document.getElementById('run-status').dataset.status === 'ok'", RUN_WAIT);
        bob.waitFor("document.getElementById('run-status').dataset.status === 'ok'", RUN_WAIT);

        assertThat(serverListsPresence(base(), session)).as("the presence endpoint lists the session").isTrue();
        for (Tab tab : List.of(alice, bob)) {
            tab.waitFor("['alice', 'bob'].every(u => document.querySelector(`#people li[data-user=\"${u}\"]`))");
        }
        bob.screenshot(this.testName + "-second-tab");
        assertThat(alice.errors()).isEmpty();
        assertThat(bob.errors()).isEmpty();
    }

    @Test
    void filesStayInSyncAcrossTabs() throws Exception {
        String session = session();
        Tab first = open(base(), session, "stomp", "&name=carol");
        Tab second = open(base(), session, "raw", "&name=dave");
        shareFile(first, second, "a.py", "print('a, first')\n");

        // saved again in the first tab: the second, which has no edits of its own, follows
        setCode(first, "print('a, second')\n");
        first.click("#save");
        second.waitFor("ghostide.editor.value === \"print('a, second')\\n\"");
        // the file is shared now: an edit in either tab reaches the other without a save, and none is unsaved
        for (Tab tab : List.of(first, second)) {
            tab.waitFor("ghostide.sharing.shared && ghostide.sharing.fileName === 'a.py'");
        }
        setCode(second, "print('mine')\n");
        waitForShared(first, "ghostide.editor.value === \"print('mine')\\n\"", first, second);
        assertThat(second.eval("document.querySelector('#file-list li.current .dirty') === null").asBoolean()).isTrue();
        setCode(first, "print('a, third')\n");
        first.click("#save");
        second.waitFor("ghostide.editor.value === \"print('a, third')\\n\"");

        // a file deleted over REST leaves both tab bars
        first.fill("#file-name", "b.py");
        first.click("#save");
        second.waitFor("document.querySelector('#file-list li[data-file-name=\"b.py\"]') !== null");
        HttpResponse<String> deleted = Http.on(this.port).delete("/api/v1/sessions/" + session + "/files/b.py");
        assertThat(deleted.statusCode()).isBetween(200, 299);
        for (Tab tab : List.of(first, second)) {
            tab.waitFor("document.querySelector('#file-list li[data-file-name=\"b.py\"]') === null");
        }
    }

    @Test
    void thePeopleListFollowsEveryTabThatOpensOrCloses() {
        String session = session();
        Tab first = open(base(), session, "stomp", "&name=carol");
        Tab second = open(base(), session, "raw", "&name=dave");
        assertThat(serverListsPresence(base(), session)).as("the presence endpoint lists the session").isTrue();
        first.waitFor("document.querySelector('#people li[data-user=\"dave\"]') !== null");
        browser().call("close", Map.of("tab", second.id()), BrowserDriver.DEFAULT_WAIT);
        first.waitFor("document.querySelector('#people li[data-user=\"dave\"]') === null");
        assertThat(first.text("#people")).contains("carol");
        Tab third = open(base(), session, "stomp", "&name=erin");
        first.waitFor("document.querySelector('#people li[data-user=\"erin\"]') !== null");
        // the new tab learns who is already here from the server's presence list, which may come a moment later
        third.waitFor("['carol', 'erin'].every(u => document.querySelector(`#people li[data-user=\"${u}\"]`))");
        assertThat(third.text("#people")).contains("carol").contains("erin").doesNotContain("dave");
    }

    @Test
    void thePageIsAccessibleFrom1024To1920Pixels() {
        String session = session();
        Tab tab = open(base(), session, "stomp");
        fillEveryPanel(session, tab);
        // the language list with a long version string, as some toolchains report it
        tab.eval("document.querySelector('#language option').textContent = "
                + "'Python 3.11.2 (main, Mar 13 2023, 12:18:29) [GCC 12.2.0] on linux'");
        for (int width : new int[] { 1024, 1400, 1920 }) {
            tab.viewport(width, 800);
            assertThat(texts(tab.eval(CONTROLS_OUT_OF_PLACE))).as("controls cut off at %d px", width).isEmpty();
            JsonNode violations = tab.axe();
            assertThat(violations.size()).as("axe at %d px: %s", width, violations).isZero();
            // a saved file's tab flashes for a moment: its first frame must pass too, however fast the machine
            tab.eval(HOLD_FILE_TAB_FLASH);
            JsonNode flashing = tab.axe();
            tab.eval("document.getAnimations().forEach(a => a.finish()), true");
            assertThat(flashing.size()).as("axe at %d px, a file tab flashing: %s", width, flashing).isZero();
            tab.screenshot(this.testName + "-" + width);
        }
        // Tab walks through every control; Escape, then Tab, leaves the editor
        List<String> controls = texts(tab.eval("[...document.querySelectorAll(" + Tab.quote(CONTROLS) + ")]"
                + ".filter(e => e.checkVisibility({ visibilityProperty: true }) && !e.disabled).map(e => " + CONTROL_KEY + ")"));
        Set<String> reached = new LinkedHashSet<>();
        for (int i = 0; i < 3 * controls.size() && !reached.containsAll(controls); i++) {
            JsonNode focused = tab.eval("document.activeElement.classList.contains('cm-content') ? 'editor'"
                    + " : (e => " + CONTROL_KEY + ")(document.activeElement)");
            reached.add(focused.asString());
            if ("editor".equals(focused.asString())) {
                tab.chord("Escape");
            }
            tab.chord("Tab");
        }
        assertThat(reached).containsAll(controls).contains("editor");
        assertThat(tab.errors()).isEmpty();
    }

    /** Stop, clicked while an endless loop runs, ends it with Python's KeyboardInterrupt shown. */
    @Test
    void theStopButtonEndsAnEndlessLoopWithItsTraceback() {
        Tab tab = open(base(), session(), "stomp");
        tab.select("#language", "python");
        setCode(tab, "import time\nprint('spinning', flush=True)\nwhile True:\n    time.sleep(0.01)\n");
        tab.click("#run");
        tab.waitFor("document.getElementById('run-status').dataset.status === 'running'"
                + " && !document.getElementById('stop').hidden"
                + " && document.getElementById('output').textContent.includes('spinning')", RUN_WAIT);
        tab.click("#stop");
        // within stop-grace (2 s) and then some, however busy the machine
        tab.waitFor(RUN_FINISHED, Duration.ofSeconds(30));
        assertThat(tab.text("#run-status")).contains("stopped");
        assertThat(texts(tab.eval(OUTPUT_ROWS))).anyMatch(row -> row.startsWith("stderr:") && row.contains("KeyboardInterrupt"));
        assertThat(tab.eval("document.getElementById('stop').hidden").asBoolean()).isTrue();
        assertThat(tab.errors()).isEmpty();
    }

    /**
     * A program's prompt shows before anything is typed; the name typed in the input line reaches
     * it, and a second tab of the session shows the prompt, the name and the answer in that order.
     */
    @Test
    void anInteractiveRunShowsItsPromptBeforeInputInEveryTab() {
        String session = session();
        Tab typist = open(base(), session, "stomp");
        Tab watcher = open(base(), session, "raw");
        typist.select("#language", "python");
        setCode(typist, "name = input('name? ')\nprint('hello ' + name)\n");
        typist.click("#run");
        typist.waitFor("!document.getElementById('stdin-form').hidden"
                + " && [...document.querySelectorAll('#output .line .text')].some(t => t.textContent === 'name? ')", RUN_WAIT);
        watcher.waitFor("[...document.querySelectorAll('#output .line .text')].some(t => t.textContent === 'name? ')",
                RUN_WAIT);
        typist.fill("#stdin", "ada");
        typist.eval("document.getElementById('stdin-form').requestSubmit(), true");
        typist.waitFor(RUN_FINISHED, RUN_WAIT);
        watcher.waitFor(RUN_FINISHED, RUN_WAIT);
        typist.screenshot(this.testName);
        List<String> expected = List.of("stdout:name? ", "input:ada", "stdout:hello ada");
        assertThat(texts(typist.eval(OUTPUT_ROWS))).containsExactlyElementsOf(expected);
        assertThat(texts(watcher.eval(OUTPUT_ROWS))).containsExactlyElementsOf(expected);
        assertThat(typist.eval("document.getElementById('stdin-form').hidden").asBoolean()).isTrue();
        assertThat(typist.errors()).isEmpty();
        assertThat(watcher.errors()).isEmpty();
    }

    @Test
    void runShowsStreamedOutputLineByLine() {
        Tab tab = open(base(), session(), "stomp");
        recordRowTimes(tab);
        tab.select("#language", "python");
        setCode(tab, """
                import time
                for i in range(1, 6):
                    print(f"line {i}", flush=True)
                    time.sleep(0.4)
                """);
        tab.click("#run");
        tab.waitFor("document.getElementById('run-status').dataset.status === 'running'");
        tab.waitFor(RUN_FINISHED, RUN_WAIT);
        tab.screenshot(this.testName);

        assertThat(texts(tab.eval(OUTPUT_ROWS)))
                .containsExactly("stdout:line 1", "stdout:line 2", "stdout:line 3", "stdout:line 4", "stdout:line 5");
        JsonNode times = tab.eval("window.rowTimes");
        double first = times.get(0).asDouble();
        double last = times.get(4).asDouble();
        double finished = tab.eval("window.finishedAt").asDouble();
        // lines arrived as the program wrote them (0.4 s apart), not all at once at the end
        assertThat(last - first).isGreaterThan(1000);
        assertThat(finished - first).isGreaterThan(1000);
        assertThat(tab.text("#run-status")).startsWith("Exit 0");
        assertThat(tab.eval("document.getElementById('run-status').dataset.status").asString()).isEqualTo("ok");
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
    }

    @Test
    void aFailedRunShowsStderrApartWithGhostsAdvice() {
        Tab tab = open(base(), session(), "stomp");
        tab.select("#language", "python");
        setCode(tab, """
                def divide(a, b):
                    return a / b

                print("about to divide", flush=True)
                print(divide(1, 0))
                """);
        tab.click("#run");
        tab.waitFor(RUN_FINISHED, RUN_WAIT);
        assertThat(tab.eval("document.getElementById('run-status').dataset.status").asString()).isEqualTo("failed");
        List<String> rows = texts(tab.eval(OUTPUT_ROWS));
        assertThat(rows).contains("stdout:about to divide");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("stderr:").contains("ZeroDivisionError"));
        assertThat(tab.text("#run-status")).contains("Exit 1").contains("runtime error");

        // Ghost reacts to the on_error hook with an answer of its own
        JsonNode advice = tab.waitFor("document.querySelector('#chat .message.ghost[data-complete]')?.textContent",
                RUN_WAIT);
        assertThat(advice.asString()).isNotBlank();
        tab.screenshot(this.testName);
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
    }

    @Test
    void chatShowsTheTypingIndicatorThenTheAnswer() {
        Tab tab = open(base(), session(), "raw");
        recordGhostTimes(tab);
        tab.fill("#chat-input", "How do I reverse a list in Python?");
        tab.click("#chat-send");
        assertThat(tab.text("#chat .message.you")).contains("How do I reverse a list in Python?");
        JsonNode answer = tab.waitFor("document.querySelector('#chat .message.ghost[data-complete]')?.textContent",
                RUN_WAIT);
        tab.waitFor("document.getElementById('typing').hidden");
        tab.screenshot(this.testName);

        assertThat(answer.asString()).isNotBlank();
        double typingShown = tab.eval("window.typingShownAt ?? -1").asDouble();
        double answered = tab.eval("window.answeredAt ?? -1").asDouble();
        assertThat(typingShown).as("the typing indicator was shown").isPositive();
        assertThat(typingShown).as("typing shown before the answer was complete").isLessThan(answered);
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
    }

    @Test
    void twoTabsSeeTheSameRun() {
        String session = session();
        Tab first = open(base(), session, "stomp");
        Tab second = open(base(), session, "raw");
        first.select("#language", "python");
        setCode(first, """
                import sys
                print("shared line 1", flush=True)
                print("shared warning", file=sys.stderr, flush=True)
                print("shared line 2", flush=True)
                """);
        first.click("#run");
        first.waitFor(RUN_FINISHED, RUN_WAIT);
        second.waitFor(RUN_FINISHED, RUN_WAIT);
        first.screenshot(this.testName + "-first");
        second.screenshot(this.testName + "-second");

        List<String> rows = texts(first.eval(OUTPUT_ROWS));
        assertThat(rows).contains("stdout:shared line 1", "stderr:shared warning", "stdout:shared line 2");
        assertThat(texts(second.eval(OUTPUT_ROWS))).isEqualTo(rows);
        assertThat(second.text("#run-status")).isEqualTo(first.text("#run-status")).startsWith("Exit 0");
    }

    @Test
    void publishedRunIsRenderedLineByLineInTwoTabsOnBothTransports() {
        String session = session();
        Tab stomp = open(base(), session, "stomp");
        Tab raw = open(base(), session, "raw");
        List<Tab> tabs = List.of(stomp, raw);

        this.router.publishExecutionStart(session, "run-1", "python", "print('first line')\n");
        this.router.publishHookTriggered(session, HookType.ON_RUN, Map.of("language", "python"));
        for (Tab tab : tabs) {
            tab.waitFor("document.getElementById('run-status').dataset.status === 'running'");
            assertThat(tab.eval("document.getElementById('run').disabled").asBoolean()).isTrue();
        }
        String[][] chunks = { { "first line\n", "stdout" }, { "a warning\n", "stderr" }, { "third ", "stdout" },
                { "line, in two chunks\n", "stdout" } };
        String[] expectedLast = { "stdout:first line", "stderr:a warning", "stdout:third ", "stdout:third line, in two chunks" };
        int[] expectedRows = { 1, 2, 3, 3 };
        for (int i = 0; i < chunks.length; i++) {
            this.router.publishExecutionOutput(session, "run-1", chunks[i][0],
                    StreamType.valueOf(chunks[i][1].toUpperCase(Locale.ROOT)));
            // each piece is on the page before the next one is published
            for (Tab tab : tabs) {
                tab.waitFor("(() => { const rows = " + OUTPUT_ROWS + "; return rows.length === " + expectedRows[i]
                        + " && rows[rows.length - 1] === " + Tab.quote(expectedLast[i]) + "; })()");
            }
        }
        this.router.publishExecutionComplete(session, "run-1", new ExecutionResult("first line\nthird line, in two chunks\n",
                "a warning\n", 1, 0.25, false, ExecutionResult.Status.RUNTIME_ERROR, false));
        this.router.publishHookTriggered(session, HookType.ON_ERROR, Map.of("error", "exit code 1", "exit_code", 1));
        for (Tab tab : tabs) {
            tab.waitFor(RUN_FINISHED);
            tab.waitFor("document.querySelector('#output .hook:last-child')?.textContent.includes('on_error')");
        }
        stomp.screenshot(this.testName + "-stomp");
        raw.screenshot(this.testName + "-raw");

        List<String> rows = texts(stomp.eval(OUTPUT_ROWS));
        assertThat(rows).containsExactly("stdout:first line", "stderr:a warning", "stdout:third line, in two chunks");
        assertThat(texts(raw.eval(OUTPUT_ROWS))).isEqualTo(rows);
        assertThat(stomp.text("#run-status")).isEqualTo("Exit 1 · runtime error · 250 ms");
        assertThat(raw.text("#run-status")).isEqualTo(stomp.text("#run-status"));
        assertThat(stomp.eval("getComputedStyle(document.querySelector('#output .line.stderr')).color").asString())
                .isNotEqualTo(stomp.eval("getComputedStyle(document.querySelector('#output .line.stdout')).color").asString());
        assertThat(stomp.eval("document.getElementById('run').disabled").asBoolean()).isFalse();
        for (Tab tab : tabs) {
            assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
            assertThat(tab.errors()).isEmpty();
        }
    }

    @Test
    void everyKindOfGhostMessageIsShownInTheChat() {
        String session = session();
        Tab tab = open(base(), session, "stomp");

        this.router.publishAiTyping(session, true);
        tab.waitFor("!document.getElementById('typing').hidden");
        this.router.publishAiResponseChunk(session, "m-1", "Use ", 0);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-1\"] .content')?.textContent === 'Use '");
        // chunks may overtake each other; the page orders them by index
        this.router.publishAiResponseChunk(session, "m-1", "or slicing.", 2);
        this.router.publishAiResponseChunk(session, "m-1", "`reversed()` ", 1);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-1\"] .content')?.textContent"
                + " === 'Use reversed() or slicing.'");
        assertThat(tab.eval("document.querySelector('#chat [data-message-id=\"m-1\"]').classList.contains('streaming')")
                .asBoolean()).isTrue();
        assertThat(tab.eval("!document.getElementById('typing').hidden").asBoolean()).isTrue();
        tab.screenshot(this.testName + "-streaming");

        this.router.publishAiResponse(session, new Payloads.GhostMessage("m-1",
                "Use `reversed()` or slicing:\n\n```python\nitems[::-1]\n```", "ghost", Instant.now(), null), null);
        this.router.publishAiTyping(session, false);
        tab.waitFor("document.getElementById('typing').hidden"
                + " && document.querySelector('#chat [data-message-id=\"m-1\"]').dataset.complete === 'true'");
        assertThat(tab.text("#chat [data-message-id=\"m-1\"] pre")).isEqualTo("items[::-1]");
        assertThat(tab.eval("document.querySelectorAll('#chat .message.ghost').length").asInt()).isEqualTo(1);

        Map<String, Object> hook = Map.of("hook_type", "on_error", "exit_code", 1);
        this.router.publishAiResponse(session, new Payloads.GhostMessage("m-2",
                "That `ZeroDivisionError` means `b` was 0: check it before dividing.", "ghost", Instant.now(), hook),
                hook);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-2\"].reaction .badge')?.textContent"
                + " === 'reacting on your failed run'");

        this.router.publishAiError(session, "Ghost is unavailable", "The model did not answer in time");
        JsonNode problem = tab.waitFor("document.querySelector('#chat .message.problem')?.textContent");
        assertThat(problem.asString()).contains("Ghost is unavailable").contains("The model did not answer in time");
        tab.screenshot(this.testName);
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
        assertThat(tab.errors()).isEmpty();
    }

    @Test
    void serverMessagesAreShownInWordsWithTheJsonOnlyInTheLog() {
        String session = session();
        Tab tab = open(base(), session, "raw");
        // the language list fills from GET /api/v1/languages, which may answer after the socket opens
        assertThat(tab.waitFor("document.querySelectorAll('#language option').length").asInt()).isPositive();

        this.router.publishFileSaved(session, new Payloads.FileSaved("f-1", "notes.py", "python", Instant.now()));
        this.router.publishSessionUpdate(session, SessionUpdateType.FILE_ADDED, Map.of("file_name", "notes.py"));
        JsonNode file = tab.waitFor("document.querySelector('#file-list li[data-file-name=\"notes.py\"] button')?.title");
        assertThat(file.asString()).contains("notes.py").contains("python");
        tab.waitFor("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('notes.py'))");

        this.router.publishError(session, "Too many runs", "Wait for a run to finish before starting another", 429);
        JsonNode toast = tab.waitFor("[...document.querySelectorAll('.toast.error')].map(t => t.textContent)"
                + ".find(text => text.includes('Wait for a run')) ?? null");
        assertThat(toast.asString()).startsWith("The server is busy").contains("(429)");
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();

        tab.click("#log summary");
        JsonNode logged = tab.waitFor("document.querySelector('#log-entries li[data-type=\"file_saved\"] pre')?.textContent");
        assertThat(logged.asString()).contains("\"file_name\":\"notes.py\"").contains("\"seq\":");
        tab.screenshot(this.testName);
        assertThat(tab.errors()).isEmpty();
    }

    @Test
    void aSavedFileIsListedInEveryTabEvenAfterAReload() {
        String session = session();
        Tab first = open(base(), session, "stomp");
        Tab second = open(base(), session, "raw");
        first.fill("#file-name", "hello.py");
        setCode(first, "print('hello')\n");
        first.click("#save");
        for (Tab tab : List.of(first, second)) {
            tab.waitFor("document.querySelector('#file-list li[data-file-name=\"hello.py\"]') !== null");
        }
        // the list comes back from GET /api/v1/sessions/{id}/files after a reload too
        Tab third = open(base(), session, "raw");
        third.waitFor("document.querySelector('#file-list li[data-file-name=\"hello.py\"]') !== null");
        third.click("#file-list li[data-file-name=\"hello.py\"] button");
        third.waitFor("ghostide.editor.value === \"print('hello')\\n\"");
        second.screenshot(this.testName);
    }

    @Test
    void longOutputVisiblyKeepsOnlyTheLastFiveThousandRows() {
        String session = session();
        Tab tab = open(base(), session, "raw");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 5010; i++) {
            lines.append("line ").append(i).append('\n');
        }
        this.router.publishExecutionStart(session, "run-long", "python", "for i in range(5010): print(i)");
        this.router.publishExecutionOutput(session, "run-long", lines.toString(), StreamType.STDOUT);
        this.router.publishExecutionComplete(session, "run-long", new ExecutionResult("", "", 0, 0.5, false,
                ExecutionResult.Status.OK, false));
        tab.waitFor(RUN_FINISHED);
        assertThat(tab.eval("document.querySelectorAll('#output .line').length").asInt()).isEqualTo(5000);
        assertThat(tab.text("#output .line .text")).isEqualTo("line 11");
        assertThat(tab.text("#output .dropped")).contains("earlier lines hidden");
        tab.screenshot(this.testName);
    }

    @Test
    void wholePageFitsOneScreenWithEveryPanelShowingItsPart() {
        String session = "demo";
        Tab tab = open(base(), session, "stomp");
        this.router.publishFileSaved(session, new Payloads.FileSaved("f-1", "main.py", "python", Instant.now()));
        this.router.publishFileSaved(session, new Payloads.FileSaved("f-2", "utils.py", "python", Instant.now()));
        this.router.publishExecutionStart(session, "run-7", "python", "import sys\n");
        for (int step = 1; step <= 3; step++) {
            this.router.publishExecutionOutput(session, "run-7", "step " + step + " of 3\n", StreamType.STDOUT);
        }
        this.router.publishExecutionOutput(session, "run-7", "a warning goes to stderr\n", StreamType.STDERR);
        this.router.publishExecutionOutput(session, "run-7", "done\n", StreamType.STDOUT);
        this.router.publishExecutionComplete(session, "run-7", new ExecutionResult("", "", 0, 1.24, false,
                ExecutionResult.Status.OK, false));
        Map<String, Object> hook = Map.of("hook_type", "on_run");
        this.router.publishAiResponse(session, new Payloads.GhostMessage("m-1",
                "Nice and steady: the loop flushes each line, so they stream as they are printed. "
                        + "The warning went to `stderr`, which is why it shows in red.",
                "ghost", Instant.now(), hook), hook);
        this.router.publishAiTyping(session, true);
        tab.waitFor("document.getElementById('run-status').dataset.status === 'ok'"
                + " && document.querySelectorAll('#file-list li[data-file-name]').length === 2"
                + " && document.querySelector('#chat .message.reaction') !== null"
                + " && !document.getElementById('typing').hidden");
        tab.eval("document.querySelectorAll('.toast').forEach(t => t.remove())");
        tab.screenshot(this.testName);

        // header, the four panels and the log's bar are all on the first screen, side by side
        JsonNode boxes = tab.eval("""
                ['.topbar', '.people-panel', '.editor-panel', '.output-panel', '.chat-panel', '#log summary']
                  .map(s => document.querySelector(s).getBoundingClientRect())
                  .map(r => ({top: r.top, left: r.left, bottom: r.bottom, right: r.right}))""");
        for (JsonNode box : boxes) {
            assertThat(box.get("top").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(box.get("bottom").asDouble()).isLessThanOrEqualTo(900);
            assertThat(box.get("right").asDouble()).isLessThanOrEqualTo(1440);
        }
        for (int a = 1; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                assertThat(overlap(boxes.get(a), boxes.get(b))).as("panels %d and %d overlap", a, b).isFalse();
            }
        }
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
    }

    // ---- helpers

    // a line marked in the editor and inside the editor's visible area
    private static final String MARKED_LINE_IN_VIEW = """
            (() => {
              const line = document.querySelector('#code .cm-error-line')?.getBoundingClientRect();
              const view = document.querySelector('#code .cm-scroller').getBoundingClientRect();
              return !!line && line.top >= view.top && line.bottom <= view.bottom;
            })()""";

    private static final String CONTROLS = "button, input, select, textarea, a[href], summary";

    // how a control is named in the keyboard walk
    private static final String CONTROL_KEY = "e.id || e.dataset.transport || e.closest('[data-file-name]')?.dataset.fileName"
            + " || e.textContent.trim()";

    // every visible control that is not wholly inside the window and inside its panel
    private static final String CONTROLS_OUT_OF_PLACE = """
            [...document.querySelectorAll('button, input, select, textarea, a[href], summary, .cm-content')]
              .filter(e => e.checkVisibility({ visibilityProperty: true }))
              .map(e => {
                const r = e.getBoundingClientRect();
                const panel = e.closest('.panel, .topbar')?.getBoundingClientRect() ?? r;
                const inside = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
                    && r.left >= panel.left - 0.5 && r.right <= panel.right + 0.5 && r.bottom <= panel.bottom + 0.5;
                return inside ? null : `${e.id || e.className || e.tagName} at ${Math.round(r.left)}..${Math.round(r.right)}`
                    + ` x ${Math.round(r.top)}..${Math.round(r.bottom)} (window ${innerWidth} x ${innerHeight})`;
              })
              .filter(Boolean)""";

    // a file, a finished run with stdout and stderr, a hook and Ghost's reaction on the page
    // starts every file tab's save flash again and holds it at its first frame
    private static final String HOLD_FILE_TAB_FLASH = """
            (() => {
              const tabs = [...document.querySelectorAll('.file-tabs li[data-file-name]')];
              tabs.forEach(li => li.classList.remove('fresh'));
              void document.body.offsetWidth;
              tabs.forEach(li => li.classList.add('fresh'));
              document.getAnimations().forEach(a => { a.pause(); a.currentTime = 0; });
              return document.getAnimations().length;
            })()""";

    private void fillEveryPanel(String session, Tab tab) {
        this.router.publishFileSaved(session, new Payloads.FileSaved("f-1", "main.py", "python", Instant.now()));
        this.router.publishFileSaved(session, new Payloads.FileSaved("f-2", "utils.py", "python", Instant.now()));
        this.router.publishExecutionStart(session, "run-7", "python", "import sys\n");
        this.router.publishHookTriggered(session, HookType.ON_RUN, Map.of("language", "python"));
        this.router.publishExecutionOutput(session, "run-7", "step 1 of 3\n", StreamType.STDOUT);
        this.router.publishExecutionOutput(session, "run-7", "a warning goes to stderr\n", StreamType.STDERR);
        this.router.publishExecutionComplete(session, "run-7", new ExecutionResult("", "", 1, 1.24, false,
                ExecutionResult.Status.RUNTIME_ERROR, false));
        Map<String, Object> hook = Map.of("hook_type", "on_error");
        this.router.publishAiResponse(session, new Payloads.GhostMessage("m-1", "The warning went to `stderr`.",
                "ghost", Instant.now(), hook), hook);
        tab.waitFor("document.getElementById('run-status').dataset.status === 'failed'"
                + " && document.querySelectorAll('#file-list li[data-file-name]').length === 2"
                + " && document.querySelector('#chat .message.reaction') !== null");
        tab.eval("document.querySelectorAll('.toast').forEach(t => t.remove())");
    }

    // when each output row first appeared, and when the run finished (performance.now() ms)
    private static void recordRowTimes(Tab tab) {
        tab.eval("""
                (() => {
                  window.rowTimes = [];
                  const output = document.getElementById('output');
                  const status = document.getElementById('run-status');
                  new MutationObserver(() => {
                    const now = performance.now();
                    const count = output.querySelectorAll('.line').length;
                    while (window.rowTimes.length < count) window.rowTimes.push(now);
                    if (!window.finishedAt && ['ok', 'failed'].includes(status.dataset.status)) window.finishedAt = now;
                  }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
                  return true;
                })()""");
    }

    private static void recordGhostTimes(Tab tab) {
        tab.eval("""
                (() => {
                  const typing = document.getElementById('typing');
                  new MutationObserver(() => {
                    if (!typing.hidden && !window.typingShownAt) window.typingShownAt = performance.now();
                    if (!window.answeredAt && document.querySelector('#chat .message.ghost[data-complete]')) {
                      window.answeredAt = performance.now();
                    }
                  }).observe(document.body, { childList: true, subtree: true, attributes: true });
                  return true;
                })()""");
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.get("left").asDouble() < b.get("right").asDouble() && b.get("left").asDouble() < a.get("right").asDouble()
                && a.get("top").asDouble() < b.get("bottom").asDouble() && b.get("top").asDouble() < a.get("bottom").asDouble();
    }
}
