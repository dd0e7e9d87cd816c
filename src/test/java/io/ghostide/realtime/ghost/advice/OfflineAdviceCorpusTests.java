package io.ghostide.realtime.ghost.advice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline advice for every failure in {@code ghost/corpus/corpus.json} (what CPython, Node,
 * javac, the JVM, gcc and g++ really printed for the programs beside it), and the code hints on
 * each program, read exactly as recorded in {@code ghost/corpus/advice.golden}. Run with {@code -Dghost.golden.write=true} to
 * record it again after a deliberate change of the advice, and read the diff before committing.
 */
class OfflineAdviceCorpusTests {

    private static final Path GOLDEN = Path.of("src/test/resources/ghost/corpus/advice.golden");

    private final ErrorAdvisor advisor = new ErrorAdvisor();

    record Case(String name, String language, String code, String stderr, int exitCode, String status) {
    }

    @Test
    void everyRecordedFailureGetsTheRecordedAdvice() throws IOException {
        List<Case> cases = corpus();
        StringBuilder advice = new StringBuilder();
        for (Case failure : cases) {
            ErrorAdvisor.Diagnosis diagnosis = this.advisor.diagnose(run(failure), Map.of());
            advice.append("## ").append(failure.name()).append(' ').append(diagnosis.context()).append('\n')
                    .append(diagnosis.text()).append('\n');
            CodeHints.about(new CodeFacts(failure.code(), failure.language()))
                    .forEach(hint -> advice.append("hint: ").append(hint).append('\n'));
            advice.append('\n');
        }
        if (Boolean.getBoolean("ghost.golden.write")) {
            Files.writeString(GOLDEN, advice, StandardCharsets.UTF_8);
        }
        assertThat(cases).hasSizeGreaterThan(100);
        assertThat(advice.toString()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    private static FailedRun run(Case failure) {
        ExecutionResult.Status status = Stream.of(ExecutionResult.Status.values())
                .filter(candidate -> candidate.wireName().equals(failure.status())).findFirst().orElseThrow();
        return new FailedRun(new SourceFile(failure.language(), failure.code()), new ExecutionResult("",
                failure.stderr(), failure.exitCode(), 1.5, status == ExecutionResult.Status.TIMED_OUT, status, false));
    }

    private static List<Case> corpus() throws IOException {
        try (InputStream json = OfflineAdviceCorpusTests.class.getResourceAsStream("/ghost/corpus/corpus.json")) {
            return JSON.readValue(json, new TypeReference<List<Case>>() {
            });
        }
    }
}
