package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C and C++: gcc, g++ and clang diagnostics ({@code main.c:3:5: error: ...}), linker errors
 * ({@code undefined reference to `foo'}) and what the C and C++ runtimes print when they abort
 * ({@code terminate called after throwing an instance of ...}, glibc's {@code free(): ...}).
 * A crash by signal prints nothing; the advisor reads those from the exit code.
 */
final class NativeErrorParser implements ErrorParser {

    private static final Pattern DIAGNOSTIC = Pattern.compile(
            "^(?<file>\\S+?\\.(?:c|cc|cpp|cxx|c\\+\\+|h|hh|hpp)):(?<line>\\d+):(?<col>\\d+): "
            + "(?:fatal )?error: (?<msg>.+)$");

    private static final Pattern UNDEFINED_REFERENCE = Pattern.compile(
            "undefined reference to [`'‘](?<symbol>[^'’`]+)['’`]");

    private static final Pattern TERMINATE = Pattern.compile(
            "terminate called after throwing an instance of '(?<type>[^']+)'");

    private static final Pattern WHAT = Pattern.compile("^\\s*what\\(\\):\\s*(?<msg>.*)$");

    private static final Pattern ASSERTION = Pattern.compile(
            "^(?<prog>\\S+): (?<file>[^:\\s]+):(?<line>\\d+): (?<fn>[^:]+): "
            + "Assertion [`'](?<expr>.+)['’] failed\\.$");

    private static final Pattern GLIBC = Pattern.compile("^(?:\\*\\*\\* )?(?<msg>(?:free|malloc|double "
            + "free|realloc|munmap_chunk|corrupted)[^*]*?|stack smashing detected)(?: \\*\\*\\*)?(?:: terminated)?$");

    @Override
    public Optional<ParsedError> parse(String stderr) {
        // gcc quotes with ‘ ’ in a UTF-8 locale and with ' ' in the C locale
        String[] lines = stderr.replace('‘', '\'').replace('’', '\'').split("\\R");
        for (String line : lines) {
            Matcher diagnostic = DIAGNOSTIC.matcher(line);
            if (diagnostic.matches()) {
                return Optional.of(new ParsedError("native", "compile error", diagnostic.group("msg").trim(),
                        ParsedError.baseName(diagnostic.group("file")), Integer.parseInt(diagnostic.group("line")),
                        Integer.parseInt(diagnostic.group("col")), null, List.of()));
            }
        }
        for (String line : lines) {
            Matcher undefined = UNDEFINED_REFERENCE.matcher(line);
            if (undefined.find()) {
                return Optional.of(new ParsedError("native", "linker error",
                        "undefined reference to '" + undefined.group("symbol") + "'", null, 0, 0, null,
                        List.of(undefined.group("symbol"))));
            }
        }
        for (int i = 0; i < lines.length; i++) {
            Matcher terminate = TERMINATE.matcher(lines[i]);
            if (terminate.find()) {
                List<String> notes = new ArrayList<>();
                String message = "";
                if (i + 1 < lines.length) {
                    Matcher what = WHAT.matcher(lines[i + 1]);
                    if (what.matches()) {
                        message = what.group("msg").trim();
                        notes.add(message);
                    }
                }
                return Optional.of(new ParsedError("native", terminate.group("type"), message, null, 0, 0, null,
                        List.copyOf(notes)));
            }
            Matcher assertion = ASSERTION.matcher(lines[i].trim());
            if (assertion.matches()) {
                return Optional.of(new ParsedError("native", "assertion failed", assertion.group("expr"),
                        ParsedError.baseName(assertion.group("file")), Integer.parseInt(assertion.group("line")), 0,
                        assertion.group("fn"), List.of()));
            }
            Matcher glibc = GLIBC.matcher(lines[i].trim());
            if (glibc.matches()) {
                return Optional.of(new ParsedError("native", "memory corruption", glibc.group("msg").trim(), null, 0,
                        0, null, List.of()));
            }
        }
        return Optional.empty();
    }
}
