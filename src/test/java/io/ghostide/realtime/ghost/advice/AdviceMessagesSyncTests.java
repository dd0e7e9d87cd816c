package io.ghostide.realtime.ghost.advice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The advice texts in {@code ghost/advice/messages.properties} and the code that writes them stay
 * in step, as PetClinic's message bundles do: every key the code names exists, every text is used,
 * and each call gives exactly the names of its text's placeholders.
 */
class AdviceMessagesSyncTests {

    private static final Path SOURCES = Path.of("src/main/java/io/ghostide/realtime/ghost/advice");

    private static final Pattern CALL = Pattern.compile("\\btext\\(|new Hint\\(");

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One call of the code: the keys its first argument may name and the names it fills in. */
    record Call(String where, Set<String> keys, Set<String> names) {
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
        assertThat(calls).hasSizeGreaterThan(40);
        for (Call call : calls) {
            for (String key : call.keys()) {
                assertThat(call.names()).as(call.where() + " " + key).isEqualTo(AdviceMessages.placeholders(key));
            }
        }
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
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                Matcher call = CALL.matcher(source);
                while (call.find()) {
                    List<String> arguments = arguments(source, call.end());
                    boolean hint = call.group().startsWith("new");
                    String where = file.getFileName() + ":" + source.substring(0, call.start()).lines().count();
                    if (hint) {
                        calls.add(new Call(where, literals(arguments.get(2)), Set.of()));
                    }
                    else if (!literals(arguments.get(0)).isEmpty()) {
                        Set<String> names = new LinkedHashSet<>();
                        for (int i = 1; i < arguments.size(); i += 2) {
                            names.addAll(literals(arguments.get(i)));
                        }
                        calls.add(new Call(where, literals(arguments.get(0)), names));
                    }
                }
            }
        }
        return calls;
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
