package io.ghostide.realtime.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Every relative link of the documents resolves: the file exists, and an anchor names a heading
 * of the document it points into. Links to other sites are not followed.
 */
class DocumentLinksTests {

    // the client library is a tree of its own; until it is here, links into it are all that may be missing
    private static final Path CLIENT_LIBRARY = Path.of("clients", "js");

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkResolves() throws IOException {
        return documents().stream().map(document -> DynamicTest.dynamicTest(document.toString(), () -> {
            List<String> broken = new ArrayList<>();
            List<String> intoMissingLibrary = new ArrayList<>();
            for (String link : Markdown.read(document).links()) {
                String problem = problemOf(document, link);
                if (problem == null) {
                    continue;
                }
                Path target = resolve(document, link).normalize();
                (target.startsWith(CLIENT_LIBRARY) && !Files.isDirectory(CLIENT_LIBRARY) ? intoMissingLibrary : broken)
                        .add(link + ": " + problem);
            }
            assertThat(broken).as("broken links in %s", document).isEmpty();
            if (!intoMissingLibrary.isEmpty()) {
                abort(document + " links into " + CLIENT_LIBRARY + ", which is not in this tree: " + intoMissingLibrary);
            }
        }));
    }

    @Test
    void aHeadingsAnchorIsWhatGitHubMakesOfIt() {
        assertThat(Markdown.slug("The build (Maven)")).isEqualTo("the-build-maven");
        assertThat(Markdown.slug("Resume: reconnect without losing a message"))
                .isEqualTo("resume-reconnect-without-losing-a-message");
        assertThat(Markdown.slug("Trying `jwt` mode")).isEqualTo("trying-jwt-mode");
    }

    private static String problemOf(Path document, String link) {
        if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null; // http:, https:, mailto: and the like
        }
        Path target = resolve(document, link);
        if (!Files.exists(target)) {
            return "no such file " + target;
        }
        int hash = link.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String anchor = link.substring(hash + 1);
        if (!target.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        return Markdown.read(target).anchors().contains(anchor) ? null : "no heading #" + anchor + " in " + target;
    }

    private static Path resolve(Path document, String link) {
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        Path directory = document.getParent() != null ? document.getParent() : Path.of("");
        return path.isEmpty() ? document : directory.resolve(path);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("bench", "README.md"),
                Path.of("frontend-sample", "README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        Path library = CLIENT_LIBRARY.resolve("README.md");
        if (Files.exists(library)) {
            documents.add(library);
        }
        return documents;
    }
}
