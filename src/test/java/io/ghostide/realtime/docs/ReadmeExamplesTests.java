package io.ghostide.realtime.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.StompClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's two code blocks are the code these tests run: the service block is
 * {@link ExternalEditNotifier} between its markers, and the client block is the client library's
 * example file. A README edited without its code, or code without its README, fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeExamplesTests {

    private static final Path README = Path.of("README.md");

    private static final String SERVICE_SOURCE = "src/test/java/io/ghostide/realtime/docs/ExternalEditNotifier.java";

    private static final String CLIENT_SOURCE = "clients/js/examples/run-code.mjs";

    @LocalServerPort
    int port;

    @Autowired
    ExternalEditNotifier notifier;

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
        assumeTrue(Files.exists(example), CLIENT_SOURCE + " is not in this tree; the client library brings it");
        assertThat(block.text()).isEqualTo(Files.readString(example));
    }

    /** A Java or JavaScript example in the README names the file it is copied from, so that a test can compare them. */
    @Test
    void everyJavaAndJsBlockOfTheReadmeNamesItsSource() {
        List<Markdown.CodeBlock> code = Markdown.read(README).codeBlocks().stream()
                .filter(block -> List.of("java", "js", "javascript").contains(block.language()))
                .toList();
        assertThat(code).isNotEmpty().allSatisfy(block -> assertThat(block.source())
                .as("the <!-- source: path --> line above the %s block starting %s", block.language(),
                        block.text().lines().findFirst().orElse(""))
                .isNotNull());
    }

    /** The README is for a user, about 200 lines; details belong in docs/. */
    @Test
    void theReadmeStaysWithinTwoHundredLines() throws IOException {
        assertThat(Files.readAllLines(README)).hasSizeLessThanOrEqualTo(200);
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
