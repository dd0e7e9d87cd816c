package io.ghostide.realtime.frontend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium driven through {@code frontend-sample/tests/browser-driver.mjs}
 * (playwright-core on Node): one JSON request per line on its stdin, one answer per line on
 * its stdout. The scenarios and their assertions stay in Java.
 */
final class BrowserDriver implements AutoCloseable {

    static final Path FRONTEND = Path.of("frontend-sample").toAbsolutePath();

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final Process process;

    private final Writer stdin;

    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();

    private final AtomicInteger ids = new AtomicInteger();

    private BrowserDriver(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "browser-driver-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Why the browser tests cannot run here, or {@code null} when they can. */
    static @Nullable String unavailableReason() {
        if (!Files.isExecutable(CHROMIUM)) {
            return "Chromium not installed at " + CHROMIUM + ": apt-get install chromium";
        }
        if (!Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core"))
                || !Files.isDirectory(FRONTEND.resolve("node_modules/axe-core"))) {
            return "playwright-core or axe-core not installed in frontend-sample: build without -Dfrontend.skip (it runs npm ci)";
        }
        return null;
    }

    /** Starts the browser for a test class, or skips the class where {@link #unavailableReason} says it cannot run. */
    static BrowserDriver startOrSkip() throws IOException, InterruptedException {
        String unavailable = unavailableReason();
        assumeTrue(unavailable == null, unavailable);
        return start();
    }

    static BrowserDriver start() throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder("node", "tests/browser-driver.mjs")
                .directory(FRONTEND.toFile())
                .redirectError(SCREENSHOTS.resolve("browser-driver.log").toFile());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        builder.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        BrowserDriver driver = new BrowserDriver(builder.start());
        JsonNode hello = driver.answers.poll(30, TimeUnit.SECONDS);
        if (hello == null || !hello.path("ok").asBoolean()) {
            driver.close();
            fail("The browser driver did not start (see " + SCREENSHOTS.resolve("browser-driver.log") + "): " + hello);
        }
        return driver;
    }

    /** Opens a new tab (in the current browser context) at {@code url}. */
    Tab open(String url) {
        return new Tab(this, call("open", Map.of("url", url), DEFAULT_WAIT).asString());
    }

    /** Closes every tab and the browser context: the next test starts clean. */
    void reset() {
        call("reset", Map.of(), DEFAULT_WAIT);
    }

    JsonNode call(String op, Map<String, ?> params, Duration timeout) {
        int id = this.ids.incrementAndGet();
        Map<String, Object> request = new LinkedHashMap<>(params);
        request.put("id", id);
        request.put("op", op);
        try {
            this.stdin.write(JSON.writeValueAsString(request) + "\n");
            this.stdin.flush();
            long deadline = System.nanoTime() + timeout.plusSeconds(15).toNanos();
            while (true) {
                JsonNode answer = this.answers.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    return fail("The browser did not answer " + op + " within " + timeout.plusSeconds(15));
                }
                if (answer.path("id").asInt() != id) {
                    continue; // the answer to a request that already timed out
                }
                if (!answer.path("ok").asBoolean()) {
                    String screenshot = answer.path("screenshot").isString()
                            ? " (screenshot: " + answer.path("screenshot").asString() + ")" : "";
                    return fail("Browser " + op + " failed: " + answer.path("error").asString() + screenshot
                            + "; request was " + shorten(params));
                }
                return answer.path("value");
            }
        }
        catch (IOException ex) {
            return fail("The browser driver is gone (see " + SCREENSHOTS.resolve("browser-driver.log") + ")", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return fail("Interrupted while waiting for the browser");
        }
    }

    private static String shorten(Map<String, ?> params) {
        String text = params.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private void readAnswers() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    this.answers.add(JSON.readTree(line));
                }
                catch (RuntimeException ex) {
                    System.out.println("[browser-driver] " + line);
                }
            }
        }
        catch (IOException ex) {
            // the driver ended; a pending call times out and says so
        }
    }

    @Override
    public void close() {
        try {
            this.stdin.close();
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroy();
            }
        }
        catch (IOException ex) {
            this.process.destroy();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroy();
        }
    }

    /** One tab; expressions are JavaScript evaluated in the page. */
    record Tab(BrowserDriver driver, String id) {

        /** Waits until {@code expression} is truthy and returns its value. */
        JsonNode waitFor(String expression) {
            return waitFor(expression, DEFAULT_WAIT);
        }

        JsonNode waitFor(String expression, Duration timeout) {
            return this.driver.call("waitFor",
                    Map.of("tab", this.id, "expression", expression, "timeoutMs", timeout.toMillis()), timeout);
        }

        JsonNode eval(String expression) {
            return this.driver.call("eval", Map.of("tab", this.id, "expression", expression), DEFAULT_WAIT);
        }

        /** The text of the first element matching {@code selector}, or null. */
        @Nullable String text(String selector) {
            JsonNode value = eval("document.querySelector(" + quote(selector) + ")?.textContent ?? null");
            return value.isNull() ? null : value.asString();
        }

        void click(String selector) {
            this.driver.call("click", Map.of("tab", this.id, "selector", selector), DEFAULT_WAIT);
        }

        void fill(String selector, String value) {
            this.driver.call("fill", Map.of("tab", this.id, "selector", selector, "value", value), DEFAULT_WAIT);
        }

        void select(String selector, String value) {
            this.driver.call("select", Map.of("tab", this.id, "selector", selector, "value", value), DEFAULT_WAIT);
        }

        /** Types {@code text} as keystrokes into whatever has the focus. */
        void keys(String text) {
            this.driver.call("keys", Map.of("tab", this.id, "text", text), DEFAULT_WAIT);
        }

        /** Presses a key or chord ("Control+Enter") on whatever has the focus. */
        void chord(String key) {
            this.driver.call("chord", Map.of("tab", this.id, "key", key), DEFAULT_WAIT);
        }

        void viewport(int width, int height) {
            this.driver.call("viewport", Map.of("tab", this.id, "width", width, "height", height), DEFAULT_WAIT);
        }

        /** The page's serious and critical accessibility violations, as axe-core finds them. */
        JsonNode axe() {
            return this.driver.call("axe", Map.of("tab", this.id), Duration.ofSeconds(30));
        }

        Path screenshot(String name) {
            Path path = SCREENSHOTS.resolve(name + ".png");
            this.driver.call("screenshot", Map.of("tab", this.id, "path", path.toString()), DEFAULT_WAIT);
            return path;
        }

        /** Script errors the page raised (uncaught exceptions, console errors other than refused sockets). */
        JsonNode errors() {
            return this.driver.call("errors", Map.of("tab", this.id), DEFAULT_WAIT);
        }

        static String quote(String text) {
            return JSON.writeValueAsString(text);
        }
    }
}
