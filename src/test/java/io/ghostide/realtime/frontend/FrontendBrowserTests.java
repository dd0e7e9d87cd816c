package io.ghostide.realtime.frontend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.connection.ConnectionStats;
import io.ghostide.realtime.frontend.BrowserDriver.Tab;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.Payloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample page in real headless Chromium, served by the app on a random port. Each test
 * leaves screenshots under {@code target/browser-screenshots/}. Without Chromium (or without
 * the page's npm packages) the class is skipped with the reason. Real runs and real Ghost
 * answers drive most tests; others publish messages through {@link MessageRouter} to check
 * how the page renders every message type.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FrontendBrowserTests {

    private static final Duration RUN_WAIT = Duration.ofSeconds(60);

    // every row of the output panel as "stdout:text" or "stderr:text"
    private static final String OUTPUT_ROWS = """
            [...document.querySelectorAll('#output .line')].map(row =>
                (row.classList.contains('stderr') ? 'stderr:' : 'stdout:') + row.querySelector('.text').textContent)""";

    // the first piece of JSON the user can see outside the message log, or null
    private static final String JSON_OUTSIDE_LOG = """
            (() => {
              const page = document.body.cloneNode(true);
              page.querySelector('#log').remove();
              const found = page.textContent.match(/[{\\[]\\s*"[\\w-]+"\\s*:/);
              return found ? found[0] : null;
            })()""";

    private static final String RUN_FINISHED = """
            ['ok', 'failed'].includes(document.getElementById('run-status').dataset.status)""";

    private static BrowserDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    MessageRouter router;

    @Autowired
    ConnectionStats stats;

    @Autowired
    ApplicationContext context;

    private String testName;

    @BeforeAll
    static void startBrowser() throws Exception {
        String unavailable = BrowserDriver.unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        browser = BrowserDriver.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        this.testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeTabs() {
        browser.reset();
    }

    // ---- the scenarios

    @Test
    void bothTransportsConnectAndThePageShowsWhichIsLive() {
        String session = session();
        Tab tab = open(base(), session, "stomp");
        assertThat(tab.text("#connection-text")).isEqualTo("Live · STOMP");
        assertThat(tab.eval("document.querySelector('.segment[data-transport=stomp]').getAttribute('aria-pressed')").asString())
                .isEqualTo("true");
        await().atMost(Duration.ofSeconds(5)).until(() -> this.stats.connectionCount(session) == 1);
        // a pong came back on the STOMP reply queue, and a session message on the topic
        tab.waitFor("/ms$/.test(document.getElementById('stat-ping').textContent)");
        long seq = this.router.notifySessionUpdate(session, "note_added", Map.of("over", "stomp"));
        tab.waitFor("document.getElementById('stat-seq').textContent === '" + seq + "'");
        tab.waitFor("document.getElementById('stat-here').textContent === '1'");
        tab.screenshot(this.testName + "-stomp");

        tab.eval("document.getElementById('stat-ping').textContent = ''");
        tab.click(".segment[data-transport=raw]");
        tab.waitFor(live("raw"));
        assertThat(tab.text("#connection-text")).isEqualTo("Live · Plain WebSocket");
        assertThat(tab.eval("location.search").asString()).contains("transport=raw");
        await().atMost(Duration.ofSeconds(5)).until(() -> this.stats.connectionCount(session) == 1);
        tab.waitFor("/ms$/.test(document.getElementById('stat-ping').textContent)");
        long next = this.router.notifySessionUpdate(session, "note_added", Map.of("over", "raw"));
        assertThat(next).isEqualTo(seq + 1);
        tab.waitFor("document.getElementById('stat-seq').textContent === '" + next + "'");
        tab.screenshot(this.testName + "-raw");
        assertThat(tab.errors()).isEmpty();
    }

    @Test
    void runShowsStreamedOutputLineByLine() {
        Tab tab = open(base(), session(), "stomp");
        recordRowTimes(tab);
        tab.select("#language", "python");
        tab.fill("#code", """
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
    void failedRunShowsStderrApartAndGhostsAdvice() {
        Tab tab = open(base(), session(), "stomp");
        tab.select("#language", "python");
        tab.fill("#code", """
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
        recordTypingAndAnswer(tab);
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
        first.fill("#code", """
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
    void pageSaysItLostTheServerAndReconnectsWithBackoffAfterARestart() throws Exception {
        int fixedPort = freePort();
        String session = session();
        String base = "http://127.0.0.1:" + fixedPort;
        ConfigurableApplicationContext server = startServer(fixedPort);
        try {
            Tab stomp = open(base, session, "stomp");
            Tab raw = open(base, session, "raw");
            recordRetries(stomp);
            recordRetries(raw);

            server.close();
            for (Tab tab : List.of(stomp, raw)) {
                tab.waitFor("document.getElementById('connection').dataset.state === 'reconnecting'");
                String lost = tab.waitFor("window.banners.find(text => text.startsWith('Lost the connection'))")
                        .asString();
                assertThat(lost).contains("Server is shutting down (1001)").contains("Reconnecting with backoff");
            }
            // three retries scheduled while the server is away, each after a longer wait
            stomp.waitFor("window.retries.length >= 3", Duration.ofSeconds(15));
            stomp.screenshot(this.testName + "-lost");
            JsonNode retries = stomp.eval("window.retries");
            assertThat(retries.get(1).asInt()).isGreaterThan(retries.get(0).asInt());
            assertThat(retries.get(2).asInt()).isGreaterThan(retries.get(1).asInt());

            server = startServer(fixedPort);
            for (Tab tab : List.of(stomp, raw)) {
                tab.waitFor("document.getElementById('connection').dataset.state === 'live'", Duration.ofSeconds(30));
            }
            assertThat(stomp.text("#banner")).matches("Reconnected over STOMP after \\d+ tries\\..*");
            assertThat(raw.text("#banner")).matches("Reconnected over Plain WebSocket after \\d+ tries\\..*");
            ConnectionStats restarted = server.getBean(ConnectionStats.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> restarted.connectionCount(session) == 2);
            // the new server's messages reach the page again
            long seq = server.getBean(MessageRouter.class).notifySessionUpdate(session, "note_added", Map.of());
            stomp.waitFor("document.getElementById('stat-seq').textContent === '" + seq + "'");
            stomp.screenshot(this.testName + "-back");
        }
        finally {
            server.close();
        }
    }

    // ---- the page's rendering of every message, published through the router

    @Test
    void publishedRunIsRenderedLineByLineInTwoTabsOnBothTransports() {
        String session = session();
        Tab stomp = open(base(), session, "stomp");
        Tab raw = open(base(), session, "raw");
        List<Tab> tabs = List.of(stomp, raw);

        this.router.notifyExecutionStart(session, "run-1", "python", "print('first line')\n");
        this.router.notifyHookTriggered(session, "on_run", Map.of("language", "python"));
        for (Tab tab : tabs) {
            tab.waitFor("document.getElementById('run-status').dataset.status === 'running'");
            assertThat(tab.eval("document.getElementById('run').disabled").asBoolean()).isTrue();
        }
        String[][] chunks = { { "first line\n", "stdout" }, { "a warning\n", "stderr" }, { "third ", "stdout" },
                { "line, in two chunks\n", "stdout" } };
        String[] expectedLast = { "stdout:first line", "stderr:a warning", "stdout:third ", "stdout:third line, in two chunks" };
        int[] expectedRows = { 1, 2, 3, 3 };
        for (int i = 0; i < chunks.length; i++) {
            this.router.streamExecutionOutput(session, "run-1", chunks[i][0], chunks[i][1]);
            // each piece is on the page before the next one is published
            for (Tab tab : tabs) {
                tab.waitFor("(() => { const rows = " + OUTPUT_ROWS + "; return rows.length === " + expectedRows[i]
                        + " && rows[rows.length - 1] === " + Tab.quote(expectedLast[i]) + "; })()");
            }
        }
        this.router.notifyExecutionComplete(session, "run-1", new ExecutionResult("first line\nthird line, in two chunks\n",
                "a warning\n", 1, 0.25, false, ExecutionResult.Status.RUNTIME_ERROR, false));
        this.router.notifyHookTriggered(session, "on_error", Map.of("error", "exit code 1", "exit_code", 1));
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
    void publishedGhostMessagesShowTypingThenAStreamedAnswerAndReactions() {
        String session = session();
        Tab tab = open(base(), session, "stomp");

        this.router.setAiTyping(session, true);
        tab.waitFor("!document.getElementById('typing').hidden");
        this.router.sendAiResponseChunk(session, "m-1", "Use ", 0);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-1\"] .content')?.textContent === 'Use '");
        // chunks may overtake each other; the page orders them by index
        this.router.sendAiResponseChunk(session, "m-1", "or slicing.", 2);
        this.router.sendAiResponseChunk(session, "m-1", "`reversed()` ", 1);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-1\"] .content')?.textContent"
                + " === 'Use reversed() or slicing.'");
        assertThat(tab.eval("document.querySelector('#chat [data-message-id=\"m-1\"]').classList.contains('streaming')")
                .asBoolean()).isTrue();
        assertThat(tab.eval("!document.getElementById('typing').hidden").asBoolean()).isTrue();
        tab.screenshot(this.testName + "-streaming");

        this.router.sendAiResponse(session, new Payloads.GhostMessage("m-1",
                "Use `reversed()` or slicing:\n\n```python\nitems[::-1]\n```", "ghost", Instant.now(), null), null);
        this.router.setAiTyping(session, false);
        tab.waitFor("document.getElementById('typing').hidden"
                + " && document.querySelector('#chat [data-message-id=\"m-1\"]').dataset.complete === 'true'");
        assertThat(tab.text("#chat [data-message-id=\"m-1\"] pre")).isEqualTo("items[::-1]");
        assertThat(tab.eval("document.querySelectorAll('#chat .message.ghost').length").asInt()).isEqualTo(1);

        Map<String, Object> hook = Map.of("hook_type", "on_error", "exit_code", 1);
        this.router.sendAiResponse(session, new Payloads.GhostMessage("m-2",
                "That `ZeroDivisionError` means `b` was 0: check it before dividing.", "ghost", Instant.now(), hook),
                hook);
        tab.waitFor("document.querySelector('#chat [data-message-id=\"m-2\"].reaction .badge')?.textContent"
                + " === 'reacting on your failed run'");

        this.router.sendAiError(session, "Ghost is unavailable", "The model did not answer in time");
        JsonNode problem = tab.waitFor("document.querySelector('#chat .message.problem')?.textContent");
        assertThat(problem.asString()).contains("Ghost is unavailable").contains("The model did not answer in time");
        tab.screenshot(this.testName);
        assertThat(tab.eval(JSON_OUTSIDE_LOG).isNull()).isTrue();
        assertThat(tab.errors()).isEmpty();
    }

    @Test
    void savedFilesAndServerErrorsAreShownInWordsAndTheLogHoldsTheJson() {
        String session = session();
        Tab tab = open(base(), session, "raw");
        assertThat(tab.eval("[...document.querySelectorAll('#language option')].map(o => o.value)").size())
                .isPositive();

        this.router.notifyFileSaved(session, new Payloads.FileSaved("f-1", "notes.py", "python", Instant.now()));
        this.router.notifySessionUpdate(session, "file_added", Map.of("file_name", "notes.py"));
        JsonNode file = tab.waitFor("document.querySelector('#file-list li[data-file-name=\"notes.py\"]')?.textContent");
        assertThat(file.asString()).contains("notes.py").contains("python");
        tab.waitFor("[...document.querySelectorAll('.toast')].some(t => t.textContent.includes('notes.py'))");

        this.router.sendError(session, "Too many runs", "Wait for a run to finish before starting another", 429);
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
    void saveFileStoresTheFileAndBothTabsListIt() {
        String session = session();
        Tab first = open(base(), session, "stomp");
        Tab second = open(base(), session, "raw");
        first.fill("#file-name", "hello.py");
        first.fill("#code", "print('hello')\n");
        first.click("#save");
        for (Tab tab : List.of(first, second)) {
            tab.waitFor("document.querySelector('#file-list li[data-file-name=\"hello.py\"]') !== null");
        }
        // the list comes back from GET /api/v1/sessions/{id}/files after a reload too
        Tab third = open(base(), session, "raw");
        third.waitFor("document.querySelector('#file-list li[data-file-name=\"hello.py\"]') !== null");
        third.click("#file-list li[data-file-name=\"hello.py\"] button");
        third.waitFor("document.getElementById('code').value === \"print('hello')\\n\"");
        second.screenshot(this.testName);
    }

    @Test
    void longOutputKeepsTheLastFiveThousandRowsAndSaysSo() {
        String session = session();
        Tab tab = open(base(), session, "raw");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 5010; i++) {
            lines.append("line ").append(i).append('\n');
        }
        this.router.notifyExecutionStart(session, "run-long", "python", "for i in range(5010): print(i)");
        this.router.streamExecutionOutput(session, "run-long", lines.toString(), "stdout");
        this.router.notifyExecutionComplete(session, "run-long", new ExecutionResult("", "", 0, 0.5, false,
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
        this.router.notifyFileSaved(session, new Payloads.FileSaved("f-1", "main.py", "python", Instant.now()));
        this.router.notifyFileSaved(session, new Payloads.FileSaved("f-2", "utils.py", "python", Instant.now()));
        this.router.notifyExecutionStart(session, "run-7", "python", "import sys\n");
        for (int step = 1; step <= 3; step++) {
            this.router.streamExecutionOutput(session, "run-7", "step " + step + " of 3\n", "stdout");
        }
        this.router.streamExecutionOutput(session, "run-7", "a warning goes to stderr\n", "stderr");
        this.router.streamExecutionOutput(session, "run-7", "done\n", "stdout");
        this.router.notifyExecutionComplete(session, "run-7", new ExecutionResult("", "", 0, 1.24, false,
                ExecutionResult.Status.OK, false));
        Map<String, Object> hook = Map.of("hook_type", "on_run");
        this.router.sendAiResponse(session, new Payloads.GhostMessage("m-1",
                "Nice and steady: the loop flushes each line, so they stream as they are printed. "
                        + "The warning went to `stderr`, which is why it shows in red.",
                "ghost", Instant.now(), hook), hook);
        this.router.setAiTyping(session, true);
        tab.waitFor("document.getElementById('run-status').dataset.status === 'ok'"
                + " && document.querySelectorAll('#file-list li[data-file-name]').length === 2"
                + " && document.querySelector('#chat .message.reaction') !== null"
                + " && !document.getElementById('typing').hidden");
        tab.eval("document.querySelectorAll('.toast').forEach(t => t.remove())");
        tab.screenshot("overview");

        // header, the four panels and the log's bar are all on the first screen, side by side
        JsonNode boxes = tab.eval("""
                ['.topbar', '.files-panel', '.editor-panel', '.output-panel', '.chat-panel', '#log summary']
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

    private String base() {
        return "http://127.0.0.1:" + this.port;
    }

    private String session() {
        return "b-" + this.testName.substring(0, Math.min(40, this.testName.length())) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    private Tab open(String base, String session, String transport) {
        Tab tab = browser.open(base + "/?session=" + session + "&transport=" + transport);
        tab.waitFor(live(transport), Duration.ofSeconds(15));
        return tab;
    }

    private static String live(String transport) {
        return "document.getElementById('connection').dataset.state === 'live'"
                + " && document.getElementById('connection').dataset.transport === '" + transport + "'";
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

    private static void recordTypingAndAnswer(Tab tab) {
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

    // the delay of each retry the page scheduled, in order, and every banner it showed
    private static void recordRetries(Tab tab) {
        tab.eval("""
                (() => {
                  window.retries = [];
                  window.banners = [];
                  const pill = document.getElementById('connection');
                  const banner = document.getElementById('banner');
                  let last = null;
                  new MutationObserver(() => {
                    const key = pill.dataset.state + '/' + pill.dataset.attempt + '/' + pill.dataset.retryDelay;
                    if (pill.dataset.state === 'reconnecting' && pill.dataset.retryDelay && key !== last) {
                      window.retries.push(Number(pill.dataset.retryDelay));
                    }
                    last = key;
                  }).observe(pill, { attributes: true });
                  new MutationObserver(() => {
                    if (!banner.hidden && !window.banners.includes(banner.textContent)) window.banners.push(banner.textContent);
                  }).observe(banner, { attributes: true, childList: true, characterData: true, subtree: true });
                  return true;
                })()""");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.get("left").asDouble() < b.get("right").asDouble() && b.get("left").asDouble() < a.get("right").asDouble()
                && a.get("top").asDouble() < b.get("bottom").asDouble() && b.get("top").asDouble() < a.get("bottom").asDouble();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static ConfigurableApplicationContext startServer(int port) {
        // command-line arguments, since application.yml outranks default properties
        return new SpringApplicationBuilder(GhostIdeRealtimeApplication.class)
                .run("--server.port=" + port, "--spring.jmx.enabled=false", "--spring.main.banner-mode=off");
    }
}
