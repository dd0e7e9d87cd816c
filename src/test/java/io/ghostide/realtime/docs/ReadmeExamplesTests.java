package io.ghostide.realtime.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code block of the README is checked here: the service block is
 * {@link ExternalEditNotifier} between its markers, the client block is the client library's
 * example file (which its Node tests run), the JSON envelope has the shape of a message this
 * server sends, and the shell commands name a wrapper, goals and an address that exist. A README
 * edited without its code, or code without its README, fails here.
 */
@ServerTest
class ReadmeExamplesTests {

    private static final Path README = Path.of("README.md");

    private static final String SERVICE_SOURCE = "src/test/java/io/ghostide/realtime/docs/ExternalEditNotifier.java";

    private static final String CLIENT_SOURCE = "clients/js/examples/run-code.mjs";

    @LocalServerPort
    int port;

    // the kinds of block the tests below check; a block of another kind fails until one does
    private static final Set<String> CHECKED = Set.of("java", "js", "json", "bash");

    // Maven's default lifecycle phases, which ./mvnw may be given as they are
    private static final Set<String> PHASES = Set.of("validate", "compile", "test-compile", "test", "package",
            "integration-test", "verify", "install", "clean");

    // "./mvnw goal ..." with an optional "# comment" after it
    private static final Pattern MVNW_LINE = Pattern.compile("^\\./mvnw((?:\\s+[\\w:.-]+)+)\\s*(?:#\\s*(.*))?$");

    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");

    @Autowired
    ExternalEditNotifier notifier;

    @Autowired
    JsonMapper jsonMapper;

    /** What the README's service publishes reaches a raw and a STOMP subscriber, with the seq it returned. */
    @Test
    void subscribersOfBothTransportsHearTheReadmeService() {
        try (RawClient raw = RawClient.connect(this.port, "readme-service");
                StompClient stomp = StompClient.connect(this.port)) {
            StompClient.Subscription topic = stomp.subscribe("/topic/session/readme-service");

            long seq = this.notifier.fileChanged("readme-service", "main.py");

            JsonNode fromRaw = raw.nextOfType("session_update");
            JsonNode fromStomp = topic.nextOfType("session_update");
            assertThat(fromRaw).isEqualTo(fromStomp);
            assertThat(fromRaw.get("seq").asLong()).isEqualTo(seq);
            assertThat(fromRaw.get("session_id").asString()).isEqualTo("readme-service");
            assertThat(fromRaw.get("data").get("update_type").asString()).isEqualTo("file_updated");
            assertThat(fromRaw.get("data").get("details").get("file_name").asString()).isEqualTo("main.py");
        }
    }

    @Test
    void theReadmeServiceBlockIsTheTestedService() throws IOException {
        Markdown.CodeBlock block = blockFrom(SERVICE_SOURCE);
        assertThat(block.language()).isEqualTo("java");
        assertThat(block.text()).isEqualTo(between(Files.readString(Path.of(SERVICE_SOURCE)), "// readme:start", "// readme:end"));
    }

    @Test
    void theReadmeClientBlockIsTheLibrarysExample() throws IOException {
        Markdown.CodeBlock block = blockFrom(CLIENT_SOURCE);
        assertThat(block.language()).isEqualTo("js");
        Path example = Path.of(CLIENT_SOURCE);
        assertThat(block.text()).isEqualTo(Files.readString(example));
    }

    /** A Java or JavaScript example in the README names the file it is copied from, so that a test can compare them. */
    @Test
    void everyJavaOrJsBlockOfTheReadmeNamesItsSource() {
        List<Markdown.CodeBlock> code = Markdown.read(README).codeBlocks().stream()
                .filter(block -> List.of("java", "js", "javascript").contains(block.language()))
                .toList();
        assertThat(code).isNotEmpty().allSatisfy(block -> assertThat(block.source())
                .as("the <!-- source: path --> line above the %s block starting %s", block.language(),
                        block.text().lines().findFirst().orElse(""))
                .isNotNull());
    }

    @Test
    void everyBlockOfTheReadmeIsOfAKindThatIsChecked() {
        assertThat(Markdown.read(README).codeBlocks()).allSatisfy(block -> assertThat(block.language())
                .as("the language of the block starting %s", block.text().lines().findFirst().orElse(""))
                .isIn(CHECKED));
    }

    /**
     * The README's envelope is a message this server sends: the same fields at both levels, the
     * same type, a timestamp in the same format, and the output the README shows.
     */
    @Test
    void theReadmeEnvelopeHasTheShapeOfARealMessage() {
        List<Markdown.CodeBlock> json = blocksOf("json");
        assertThat(json).hasSize(1);
        JsonNode shown = this.jsonMapper.readTree(json.get(0).text());
        try (RawClient raw = RawClient.connect(this.port, "readme-envelope")) {
            raw.sendCommand("execute_code", "{\"language\": \"python\", \"code\": \"print('hello')\"}");
            JsonNode real = raw.nextOfType(shown.get("type").asString());
            assertThat(names(real)).isEqualTo(names(shown));
            assertThat(names(real.get("data"))).isEqualTo(names(shown.get("data")));
            assertThat(real.get("timestamp").asString()).matches(TIMESTAMP);
            assertThat(shown.get("timestamp").asString()).matches(TIMESTAMP);
            assertThat(real.get("seq").isIntegralNumber()).isTrue();
            assertThat(shown.get("seq").isIntegralNumber()).isTrue();
            assertThat(real.get("data").get("output")).isEqualTo(shown.get("data").get("output"));
            assertThat(real.get("data").get("stream")).isEqualTo(shown.get("data").get("stream"));
        }
    }

    /**
     * The README's shell lines are {@code ./mvnw} with goals the build has: a lifecycle phase or
     * a goal of a plugin the POM declares; a comment's address is the configured one.
     */
    @Test
    void everyReadmeShellLineWorksAsWritten() throws IOException {
        List<Markdown.CodeBlock> shell = blocksOf("bash");
        assertThat(shell).isNotEmpty();
        assertThat(Files.isExecutable(Path.of("mvnw"))).as("./mvnw is an executable file").isTrue();
        String pom = Files.readString(Path.of("pom.xml"));
        Properties application = applicationYaml();
        List<String> lines = new ArrayList<>();
        shell.forEach(block -> block.text().lines().filter(line -> !line.isBlank()).forEach(lines::add));
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            Matcher command = MVNW_LINE.matcher(line);
            assertThat(command.matches()).as("a ./mvnw line: %s", line).isTrue();
            for (String goal : command.group(1).trim().split("\\s+")) {
                if (goal.contains(":")) {
                    String prefix = goal.substring(0, goal.indexOf(':'));
                    assertThat(pom).as("the POM declares the plugin of %s", goal)
                            .contains("<artifactId>" + prefix + "-maven-plugin</artifactId>");
                }
                else {
                    assertThat(goal).isIn(PHASES);
                }
            }
            String comment = command.group(2) == null ? "" : command.group(2);
            if (comment.contains("in-memory")) {
                assertThat(application.getProperty("ghostide.cluster.mode", "local")).isEqualTo("local");
            }
            Matcher address = Pattern.compile("https?://[^\\s,]+").matcher(comment);
            while (address.find()) {
                URI uri = URI.create(address.group());
                assertThat(uri.getHost()).isEqualTo(application.getProperty("server.address"));
                assertThat(String.valueOf(uri.getPort())).isEqualTo(application.getProperty("server.port"));
            }
        });
    }

    /** The README is for a user, about 200 lines; details belong in docs/. */
    @Test
    void theReadmeStaysWithinTwoHundredLines() throws IOException {
        assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(200);
    }

    private static List<Markdown.CodeBlock> blocksOf(String language) {
        return Markdown.read(README).codeBlocks().stream().filter(block -> language.equals(block.language())).toList();
    }

    private static Set<String> names(JsonNode object) {
        return Set.copyOf(object.propertyNames());
    }

    private static Properties applicationYaml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }

    private static Markdown.CodeBlock blockFrom(String source) {
        return Markdown.read(README).codeBlocks().stream()
                .filter(block -> source.equals(block.source()))
                .reduce((a, b) -> {
                    throw new AssertionError("README has two blocks copied from " + source);
                })
                .orElseThrow(() -> new AssertionError("README has no block copied from " + source));
    }

    // the lines strictly between the two marker lines, each ending with a newline
    private static String between(String text, String start, String end) {
        List<String> lines = text.lines().toList();
        int from = lines.indexOf(start);
        int to = lines.indexOf(end);
        assertThat(from).as("a line %s", start).isNotNegative();
        assertThat(to).as("a line %s after it", end).isGreaterThan(from);
        StringBuilder region = new StringBuilder();
        lines.subList(from + 1, to).forEach(line -> region.append(line).append('\n'));
        return region.toString();
    }
}
