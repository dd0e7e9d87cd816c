package io.ghostide.realtime.ghost.advice;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The texts in the {@code ghost/advice/*.properties} bundles and the code that writes them stay in
 * step, as PetClinic's message bundles do: every key the code names exists, every text is used,
 * each call gives exactly the names of its text's placeholders, and no call hides its key.
 */
class AdviceMessagesSyncTests {

    private static final Path GHOST = Path.of("src/main/java/io/ghostide/realtime/ghost");

    // the rule tables and the offline chat, the code that writes the texts
    private static final List<Path> SOURCES = List.of(GHOST.resolve("advice"), GHOST.resolve("OfflineChat.java"),
            GHOST.resolve("ChatRecipes.java"), GHOST.resolve("OfflineGhostProvider.java"),
            GHOST.resolve("OfflineRemarks.java"));

    private static final Pattern CALL = Pattern.compile("\\b(?:text|optionalText)\\(|new (?:Hint|Topic)\\(");

    // a table read by key prefix: optionalText("python.attribute-fix." + ...)
    private static final Pattern PREFIX = Pattern.compile("^\"([\\w.-]+\\.)\"\\s*\\+.*", Pattern.DOTALL);

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One call of the code: its key argument, the keys that argument may name and the names it fills in. */
    record Call(String where, String key, Set<String> keys, Set<String> names) {
    }

    @Test
    void everyKeyTheCodeNamesHasAText() throws IOException {
        for (Call call : calls()) {
            assertThat(AdviceMessages.keys()).as(call.where()).containsAll(call.keys());
        }
    }

    @Test
    void everyTextIsUsedByTheCode() throws IOException {
        Set<String> used = new HashSet<>();
        calls().forEach(call -> used.addAll(call.keys()));
        assertThat(used).containsExactlyInAnyOrderElementsOf(AdviceMessages.keys());
    }

    @Test
    void everyCallFillsInExactlyThePlaceholdersOfItsText() throws IOException {
        List<Call> calls = calls();
        assertThat(calls).hasSizeGreaterThan(300);
        for (Call call : calls) {
            for (String key : call.keys()) {
                assertThat(call.names()).as(call.where() + " " + key).isEqualTo(AdviceMessages.placeholders(key));
            }
        }
    }

    @Test
    void everyCallNamesItsKeyInTheCode() throws IOException {
        // the hints and the recipe topics name their keys in their tables, where the rows are checked
        assertThat(calls()).filteredOn(call -> call.keys().isEmpty()).extracting(Call::key)
                .containsExactlyInAnyOrder("hint.textKey()", "topic.whatKey()");
    }

    @Test
    void eachKeyLivesInOneBundleNamedAfterItsTable() throws IOException {
        Map<String, String> bundles = new HashMap<>();
        for (String bundle : AdviceMessages.BUNDLES) {
            Properties texts = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("src/main/resources", bundle))) {
                texts.load(in);
            }
            String table = bundle.replaceAll(".*/|\\.properties$", "");
            for (String key : texts.stringPropertyNames()) {
                assertThat(bundles.put(key, bundle)).as(key).isNull();
                if (!table.equals("messages") && !table.equals("chat")) {
                    assertThat(key).as(bundle).startsWith(table + ".");
                }
            }
        }
        assertThat(bundles.keySet()).isEqualTo(AdviceMessages.keys());
    }

    @Test
    void aTableRowIsFoundByItsKeyAndAMissingRowIsNull() {
        assertThat(AdviceMessages.optionalText("python.attribute-fix.list.push")).contains("`.append(x)`");
        assertThat(AdviceMessages.optionalText("python.attribute-fix.list.shove")).isNull();
    }

    @Test
    void aTextGivenTheWrongNamesFailsInsteadOfPrintingHalfASentence() {
        assertThatIllegalStateException().isThrownBy(() -> AdviceMessages.text("fpe.advice-at", "line", 3))
                .withMessageContaining("[where]");
        assertThatIllegalStateException().isThrownBy(() -> AdviceMessages.text("no.such.text"))
                .withMessageContaining("no.such.text");
        assertThat(AdviceMessages.text("fpe.advice-at", "where", "line 3")).contains("most likely on line 3.");
    }

    private static List<Call> calls() throws IOException {
        List<Call> calls = new ArrayList<>();
        for (Path file : sourceFiles()) {
            String source = Files.readString(file);
            Matcher call = CALL.matcher(source);
            while (call.find()) {
                List<String> arguments = arguments(source, call.end());
                String where = file.getFileName() + ":" + source.substring(0, call.start()).lines().count();
                if (call.group().startsWith("new")) {
                    // a table row names its key: a hint's third argument, a recipe topic's second
                    String key = arguments.get(call.group().contains("Hint") ? 2 : 1);
                    calls.add(new Call(where, key, literals(key), Set.of()));
                }
                else if (!arguments.get(0).isEmpty()) {
                    Set<String> names = new LinkedHashSet<>();
                    for (int i = 1; i < arguments.size(); i += 2) {
                        names.addAll(literals(arguments.get(i)));
                    }
                    calls.add(new Call(where, arguments.get(0), keys(arguments.get(0)), names));
                }
            }
        }
        return calls;
    }

    private static List<Path> sourceFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path source : SOURCES) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> listed = Files.list(source)) {
                    // the reader itself passes keys through; it names none
                    listed.filter(path -> path.toString().endsWith(".java"))
                            .filter(path -> !path.endsWith("AdviceMessages.java")).sorted().forEach(files::add);
                }
            }
            else {
                files.add(source);
            }
        }
        return files;
    }

    // the keys a key argument may name: its literals, or every key of the table it reads by prefix
    private static Set<String> keys(String argument) {
        Matcher prefix = PREFIX.matcher(argument);
        if (prefix.matches()) {
            Set<String> rows = new LinkedHashSet<>();
            AdviceMessages.keys().stream().filter(key -> key.startsWith(prefix.group(1))).forEach(rows::add);
            // a table without rows is a missing key, reported as the prefix itself
            return rows.isEmpty() ? Set.of(prefix.group(1)) : rows;
        }
        return literals(argument);
    }

    // the top-level arguments of the call whose '(' ends at start
    private static List<String> arguments(String source, int start) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int from = start;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                i = source.indexOf('"', i + 1);
                while (source.charAt(i - 1) == '\\') {
                    i = source.indexOf('"', i + 1);
                }
            }
            else if (c == '(' || c == '[' || c == '{') {
                depth++;
            }
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            else if (c == ')' || (c == ',' && depth == 0)) {
                arguments.add(source.substring(from, i).strip());
                from = i + 1;
                if (c == ')') {
                    return arguments;
                }
            }
        }
        throw new IllegalStateException("Unbalanced call at " + start);
    }

    // the literals of an argument only when it is made of literals (a key or a choice between keys)
    private static Set<String> literals(String argument) {
        Set<String> literals = new LinkedHashSet<>();
        Matcher literal = LITERAL.matcher(argument);
        while (literal.find()) {
            literals.add(literal.group(1));
        }
        String rest = LITERAL.matcher(argument).replaceAll("");
        // a key, or a choice of keys: cond ? "a" : "b"
        return rest.isBlank() || rest.matches("[^\"]*\\?\\s*:\\s*") ? literals : Set.of();
    }
}
