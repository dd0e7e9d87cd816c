package io.ghostide.realtime.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.ghostide.realtime.GhostIdeRealtimeApplication;
import io.ghostide.realtime.frontend.BrowserDriver.Tab;
import io.ghostide.realtime.support.Http;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;


/**
 * What the browser test classes share: one headless Chromium per class, the app on a random
 * port with its session files in a temporary folder of its own, and the page scripts the
 * tests read the page with.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTestSupport {

    static final Duration RUN_WAIT = Duration.ofSeconds(60);

    // every row of the output panel as "stdout:text", "stderr:text" or "input:text" (what was typed)
    static final String OUTPUT_ROWS = """
            [...document.querySelectorAll('#output .line')].map(row =>
                (row.classList.contains('stderr') ? 'stderr:' : row.classList.contains('input') ? 'input:' : 'stdout:')
                + row.querySelector('.text').textContent)""";

    // the first piece of JSON the user can see outside the message log, or null
    static final String JSON_OUTSIDE_LOG = """
            (() => {
              const page = document.body.cloneNode(true);
              page.querySelector('#log').remove();
              const found = page.textContent.match(/[{\\[]\\s*"[\\w-]+"\\s*:/);
              return found ? found[0] : null;
            })()""";

    static final String RUN_FINISHED = """
            ['ok', 'failed'].includes(document.getElementById('run-status').dataset.status)""";

    // session files of every app these tests start; gone when the JVM ends
    private static final Path DATA = temporaryDataDirectory();

    @RegisterExtension
    static final SharedBrowser chromium = new SharedBrowser();

    @LocalServerPort
    int port;

    String testName;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ghostide.workspace.data-dir", () -> DATA.resolve("shared").toString());
    }

    @BeforeEach
    void name(TestInfo info) {
        this.testName = info.getTestMethod().orElseThrow().getName();
    }

    /** The class's browser: each test starts with no tab open. */
    static BrowserDriver browser() {
        return chromium.driver();
    }

    String base() {
        return Http.on(this.port).url("");
    }

    String session() {
        return "b-" + this.testName.substring(0, Math.min(40, this.testName.length())) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    Tab open(String base, String session, String transport) {
        return open(base, session, transport, "");
    }

    /** Opens the page and waits until it is live; {@code query} is more of the address ("&name=alice"). */
    Tab open(String base, String session, String transport, String query) {
        Tab tab = browser().open(base + "/?session=" + session + "&transport=" + transport + query);
        tab.waitFor(live(transport), Duration.ofSeconds(15));
        return tab;
    }

    static String live(String transport) {
        return "document.getElementById('connection').dataset.state === 'live'"
                + " && document.getElementById('connection').dataset.transport === '" + transport + "'";
    }

    /** Puts {@code code} in the editor as if pasted. */
    static void setCode(Tab tab, String code) {
        tab.eval("ghostide.editor.value = " + Tab.quote(code));
    }

    // what a tab's shared document and message log hold, for a failed wait on shared editing
    private static final String SHARING_STATE = """
            JSON.stringify({ editor: ghostide.editor.value, shared: ghostide.sharing.shared,
              doc: (({ version, opening, waitFor, closed, inFlight, source }) => ({ version, opening, waitFor, closed,
                inFlight: inFlight != null, unsent: source?.sendable().length }))(ghostide.sharing.doc ?? {}),
              log: [...document.querySelectorAll('#log li')].map((e) => e.querySelector('pre').textContent.slice(0, 200)) })""";

    /** Waits for {@code expression} in {@code tab}; a timeout names every tab's shared-document state and log. */
    static void waitForShared(Tab tab, String expression, Tab... tabs) {
        try {
            tab.waitFor(expression);
        }
        catch (AssertionError ex) {
            StringBuilder states = new StringBuilder(ex.getMessage());
            for (Tab each : tabs) {
                states.append("\n").append(each.id()).append(": ");
                try {
                    states.append(each.eval(SHARING_STATE).asString());
                }
                catch (AssertionError unreadable) {
                    states.append("(unreadable: ").append(unreadable.getMessage()).append(')');
                }
            }
            throw new AssertionError(states.toString(), ex);
        }
    }

    static String code(Tab tab) {
        return tab.eval("ghostide.editor.value").asString();
    }

    /** Saves {@code text} as {@code fileName} in {@code saver}, then opens that file in {@code other} from its tab bar. */
    static void shareFile(Tab saver, Tab other, String fileName, String text) {
        saver.fill("#file-name", fileName);
        setCode(saver, text);
        saver.click("#save");
        String button = "document.querySelector('#file-list li[data-file-name=\"" + fileName + "\"] button')";
        other.waitFor(button + " !== null");
        // the tab bar is drawn again on every file message, so a click can meet a button just replaced:
        // click until the file is open
        other.waitFor("(document.getElementById('file-name').value === " + Tab.quote(fileName)
                + " && ghostide.editor.value === " + Tab.quote(text) + ") || (" + button + ".click(), false)");
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    /** Whether the server answers GET /ws/sessions/{id}/presence (the identity and presence work). */
    static boolean serverListsPresence(String base, String session) {
        return statusOf(base + "/ws/sessions/" + session + "/presence", null) == 200;
    }

    /** The HTTP status of a GET, with a bearer token when one is given. */
    static int statusOf(String url, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request.build()).statusCode();
    }

    /** A second app on {@code port} (0: any), its files in a folder of its own. */
    static ConfigurableApplicationContext startServer(int port, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.jmx.enabled=false",
                "--spring.main.banner-mode=off", "--ghostide.workspace.data-dir=" + DATA.resolve("server-" + port)));
        args.addAll(List.of(more));
        // command-line arguments, since application.yml outranks default properties
        return new SpringApplicationBuilder(GhostIdeRealtimeApplication.class).run(args.toArray(String[]::new));
    }

    static int portOf(ConfigurableApplicationContext server) {
        return Integer.parseInt(server.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static Path temporaryDataDirectory() {
        try {
            Path directory = Files.createTempDirectory("ghostide-browser-tests-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileSystemUtils.deleteRecursively(directory);
                }
                catch (IOException ex) {
                    // a temporary folder left behind; nothing to report at exit
                }
            }));
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
