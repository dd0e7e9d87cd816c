package io.ghostide.realtime.editing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ChangeSet JSON of {@code @codemirror/state}, read and applied as CodeMirror does. The
 * fixtures ({@code editing/changesets.json}) were made by CodeMirror itself with
 * {@code src/test/node/changesets.mjs}.
 */
class ChangeSetTests {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    static Stream<Arguments> codeMirrorChanges() throws IOException {
        try (InputStream in = ChangeSetTests.class.getResourceAsStream("/editing/changesets.json")) {
            JsonNode fixtures = JSON.readTree(in);
            assertThat(fixtures.get("generator").asString()).startsWith("@codemirror/state 6.");
            List<Arguments> cases = new ArrayList<>();
            fixtures.get("cases").forEach(c -> cases.add(Arguments.of(c.get("name").asString(), c.get("before").asString(),
                    c.get("changes"), c.get("after").asString())));
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codeMirrorChanges")
    void appliesWhatCodeMirrorMadeAsCodeMirrorDoes(String name, String before, JsonNode changes, String after) {
        ChangeSet change = ChangeSet.parse(changes, before.length(), NO_LIMIT);
        assertThat(change.apply(before)).isEqualTo(after);
        assertThat(change.newLength()).isEqualTo(after.length());
        // written back, it is the JSON CodeMirror wrote
        assertThat(JSON.valueToTree(change.toJson()).toString()).isEqualTo(changes.toString());
    }

    @Test
    void replacingEverythingIsWrittenAsCodeMirrorWritesIt() {
        // CodeMirror: ChangeSet.of({from: 0, to: 8, insert: 'new'}, 8).toJSON()
        assertThat(JSON.valueToTree(ChangeSet.replaceAll(8, "new").toJson()).toString()).isEqualTo("[[8,\"new\"]]");
        assertThat(JSON.valueToTree(ChangeSet.replaceAll(0, "a\nb").toJson()).toString()).isEqualTo("[[0,\"a\",\"b\"]]");
        assertThat(JSON.valueToTree(ChangeSet.replaceAll(4, "").toJson()).toString()).isEqualTo("[[4]]");
        assertThat(ChangeSet.replaceAll(3, "x\n").apply("abc")).isEqualTo("x\n");
    }

    @Test
    void aReplacementWithAnEmptyLineDeletes() {
        assertThat(ChangeSet.parse(json("[1,[2,\"\"]]"), 3, NO_LIMIT).apply("abc")).isEqualTo("a");
    }

    @ParameterizedTest
    @ValueSource(strings = { "[4]", "[2]", "[[3]]", "[1,[1],1]", "[]", "[[0,\"x\"]]" })
    void changesForAnotherLengthDoNotFit(String changes) {
        assertThatThrownBy(() -> ChangeSet.parse(json(changes), 5, NO_LIMIT))
                .isInstanceOfSatisfying(InvalidChangeException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(400);
                    assertThat(ex.getMessage()).isEqualTo("Changes do not fit the document");
                    assertThat(ex.detail()).contains("the document has 5");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "5", "\"abc\"", "null", "[-1,6]", "[1.5,3.5]", "[\"5\"]", "[[]]", "[[\"x\",5]]",
            "[[5,7]]", "[[5,[\"x\"]]]", "[[[5]]]", "[true]", "[{\"len\":5}]", "[2147483648]", "[5,null]", "[[5,null]]" })
    void anythingButAChangeSetIsRefusedWith400(String changes) {
        assertThatThrownBy(() -> ChangeSet.parse(json(changes), 5, NO_LIMIT))
                .isInstanceOfSatisfying(InvalidChangeException.class, ex -> assertThat(ex.code()).isEqualTo(400));
    }

    @Test
    void aChangeMakingTheDocumentTooLongIsRefusedWith413WhileItIsRead() {
        assertThatThrownBy(() -> ChangeSet.parse(json("[[0,\"" + "x".repeat(11) + "\"],3]"), 3, 10))
                .isInstanceOfSatisfying(InvalidChangeException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(413);
                    assertThat(ex.detail()).contains("ghostide.workspace.max-file-size");
                });
        assertThat(ChangeSet.parse(json("[[0,\"" + "x".repeat(7) + "\"],3]"), 3, 10).newLength()).isEqualTo(10);
    }

    @Test
    void aHugeArrayIsRefusedAtTheFirstEntryPastTheDocument() {
        // a hundred thousand sections that keep one character each: the first past the end is refused
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            many.append("1,");
        }
        many.append("1]");
        assertThatThrownBy(() -> ChangeSet.parse(json(many.toString()), 10, NO_LIMIT))
                .isInstanceOfSatisfying(InvalidChangeException.class, ex -> assertThat(ex.detail()).contains("cover 11"));
    }

    @Test
    void lengthsCountUtf16CodeUnitsAsJavaScriptDoes() {
        String text = "a😀b";
        assertThat(text.length()).isEqualTo(4);
        assertThat(ChangeSet.parse(json("[3,[1,\"c\"]]"), 4, NO_LIMIT).apply(text)).isEqualTo("a😀c");
        assertThat(SharedDocument.utf8Length(text)).isEqualTo(6);
        // half a pair cannot be stored as UTF-8
        assertThat(SharedDocument.utf8Length(ChangeSet.parse(json("[2,[2]]"), 4, NO_LIMIT).apply(text))).isEqualTo(-1);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
