package io.ghostide.realtime.ghost.advice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * Reads a failed run and says what went wrong and what to do: the error's type, its line (with
 * the source line quoted when the code is known) and advice specific to that error, from
 * {@link AdviceRules}. Runs that end without an error message (a timeout, a memory limit, a
 * crash by signal) are read from the run's status and exit code.
 */
public final class ErrorAdvisor {

    private static final Map<String, ErrorParser> PARSERS = Map.of("python", new PythonErrorParser(), "javascript",
            new NodeErrorParser(), "java", new JavaErrorParser(), "native", new NativeErrorParser());

    private static final List<String> ORDER = List.of("python", "javascript", "java", "native");

    private static final Pattern ENDLESS_LOOP = Pattern.compile(
            "while\\s*\\(?\\s*(?:True|true|1)\\s*\\)?\\s*[:{]?|for\\s*\\(\\s*;\\s*;\\s*\\)|\\bwhile\\b.*[:{]\\s*$");

    private static final Pattern READS_INPUT = Pattern.compile(
            "\\binput\\s*\\(|Scanner|scanf|getline|cin\\s*>>|readline|process\\.stdin");

    private static final Pattern PRINTS = Pattern.compile(
            "\\bprint\\s*\\(|console\\.log|System\\.out\\.print|printf\\s*\\(|cout\\s*<<|puts\\s*\\(");

    /**
     * What was found.
     *
     * @param errorType the error as named in the headline ({@code IndexError}, {@code Segmentation fault})
     * @param headline one line: type, line, file and message
     * @param sourceLine the offending line of code, when known
     * @param advice what to do about it
     */
    public record Diagnosis(String errorType, @Nullable String file, int line, @Nullable String sourceLine,
            String headline, String advice) {

        /** Ghost's whole message about the error. */
        public String text() {
            StringBuilder text = new StringBuilder();
            text.append(opener(this.errorType)).append(' ').append(this.headline).append('\n');
            if (this.sourceLine != null && !this.sourceLine.isBlank()) {
                text.append('\n').append("    ").append(this.line).append(" | ").append(this.sourceLine.strip())
                        .append('\n');
            }
            text.append('\n').append(this.advice);
            return text.toString();
        }

        /** The error's type, line and file, for clients that place it. */
        public Map<String, Object> context() {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("error_type", this.errorType);
            if (this.line > 0) {
                context.put("line", this.line);
            }
            if (this.file != null) {
                context.put("file", this.file);
            }
            return context;
        }

        private static String opener(String type) {
            String[] openers = AdviceMessages.text("diagnosis.openers").split(" \\| ");
            return openers[Math.floorMod(type.hashCode(), openers.length)];
        }
    }

    /** What went wrong in the run and what to do about it; the saved files are keyed by file name. */
    public Diagnosis diagnose(FailedRun run, Map<String, SourceFile> savedFiles) {
        ExecutionResult result = run.result();
        String stderr = bounded(result != null ? result.stderr() : "");
        ExecutionResult.Status status = result != null ? result.status() : ExecutionResult.Status.RUNTIME_ERROR;
        int exitCode = result != null ? result.exitCode() : 1;
        CodeFacts runCode = new CodeFacts(run.code(), run.language());

        if (status == ExecutionResult.Status.TIMED_OUT || (result != null && result.timedOut())) {
            return timedOut(runCode, result != null ? result.executionTime() : 0);
        }
        if (status == ExecutionResult.Status.OUTPUT_LIMIT_EXCEEDED) {
            int print = runCode.findLine(PRINTS);
            return new Diagnosis("Output limit exceeded", null, print, null, text("output-limit.headline"),
                    print > 0 ? text("output-limit.advice-at", "where", lineRef(runCode, print))
                            : text("output-limit.advice"));
        }
        Optional<ParsedError> parsed = parse(stderr, family(run.language()));
        if (status == ExecutionResult.Status.MEMORY_LIMIT_EXCEEDED && parsed.isEmpty()) {
            AdviceRules.Facts facts = new AdviceRules.Facts(
                    new ParsedError("native", "Memory limit exceeded", "", null, 0, 0, null, List.of()), runCode, null,
                    run, savedFiles);
            return new Diagnosis("Memory limit exceeded", null, 0, null, text("memory-limit.headline"),
                    RunawayAdvice.memoryAdvice(facts));
        }
        if (parsed.isPresent()) {
            return fromRules(parsed.get(), run, savedFiles);
        }
        Diagnosis signal = fromSignal(exitCode, runCode, stderr);
        if (signal != null) {
            return signal;
        }
        String last = lastLine(stderr);
        return new Diagnosis("Runtime error", null, 0, null,
                last.isEmpty() ? text("exit.headline", "code", exitCode)
                        : text("exit.headline-with-message", "code", exitCode, "message", last),
                last.isEmpty() ? text("exit.silent", "code", exitCode) : text("exit.unplaced"));
    }

    Optional<ParsedError> parse(String stderr, @Nullable String family) {
        if (stderr.isBlank()) {
            return Optional.empty();
        }
        if (family != null) {
            Optional<ParsedError> parsed = PARSERS.get(family).parse(stderr);
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        for (String candidate : ORDER) {
            if (!candidate.equals(family)) {
                Optional<ParsedError> parsed = PARSERS.get(candidate).parse(stderr);
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
        }
        return Optional.empty();
    }

    /** The parser family of a language id: python, javascript, java or native; null for another language. */
    public static @Nullable String family(@Nullable String language) {
        if (language == null) {
            return null;
        }
        String lower = language.toLowerCase(Locale.ROOT);
        if (lower.startsWith("py")) {
            return "python";
        }
        if (lower.equals("javascript") || lower.equals("js") || lower.equals("node") || lower.equals("typescript")) {
            return "javascript";
        }
        if (lower.equals("java")) {
            return "java";
        }
        if (lower.equals("c") || lower.equals("cpp") || lower.equals("c++")) {
            return "native";
        }
        return null;
    }

    private Diagnosis fromRules(ParsedError error, FailedRun run, Map<String, SourceFile> savedFiles) {
        CodeFacts code = codeOf(error, run, savedFiles);
        String source = error.line() > 0 ? code.line(error.line()) : null;
        AdviceRules.Facts facts = new AdviceRules.Facts(error, code, source, run, savedFiles);
        for (AdviceRules.Rule rule : AdviceRules.forFamily(error.family())) {
            if (!rule.type().matcher(error.type()).matches()) {
                continue;
            }
            Matcher message = rule.message().matcher(error.message());
            if (!message.matches()) {
                continue;
            }
            String advice = rule.advice().write(facts, message);
            if (advice != null) {
                String type = rule.label() != null ? rule.label() : error.simpleType();
                return new Diagnosis(type, error.file(), error.line(), source, headline(type, error), advice);
            }
        }
        // every family ends with a catch-all rule; this is for a family without rules
        return new Diagnosis(error.simpleType(), error.file(), error.line(), source,
                headline(error.simpleType(), error), text("diagnosis.no-rules"));
    }

    private static String headline(String type, ParsedError error) {
        StringBuilder headline = new StringBuilder();
        if (error.line() > 0 && error.file() != null) {
            headline.append(text("headline.line-and-file", "type", type, "line", error.line(), "file", error.file()));
        }
        else if (error.line() > 0) {
            headline.append(text("headline.line", "type", type, "line", error.line()));
        }
        else if (error.file() != null) {
            headline.append(text("headline.file", "type", type, "file", error.file()));
        }
        else {
            headline.append(type);
        }
        String message = error.message();
        if (!message.isEmpty() && !type.contains(message)) {
            headline.append(": ").append(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        }
        return headline.toString();
    }

    // the error may point into another saved file (util.py) rather than the program that ran
    private static CodeFacts codeOf(ParsedError error, FailedRun run, Map<String, SourceFile> savedFiles) {
        if (error.file() != null) {
            SourceFile saved = savedFiles.get(error.file());
            if (saved != null && !saved.code().equals(run.code()) && !looksLikeTheProgram(error.file(), run)) {
                return new CodeFacts(saved.code(), saved.language());
            }
        }
        return new CodeFacts(run.code(), run.language());
    }

    private static boolean looksLikeTheProgram(String file, FailedRun run) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.startsWith("main.") || lower.startsWith("program.") || lower.startsWith("solution.")
                || lower.startsWith("code.");
    }

    private static Diagnosis timedOut(CodeFacts code, double seconds) {
        int loop = code.findLine(ENDLESS_LOOP);
        StringBuilder advice = new StringBuilder(loop > 0 ? text("timeout.loop", "where", lineRef(code, loop))
                : text("timeout.no-loop"));
        if (READS_INPUT.matcher(code.code()).find()) {
            advice.append(text("timeout.reads-input"));
        }
        return new Diagnosis("Timeout", null, loop, loop > 0 ? code.line(loop) : null, seconds > 0
                ? text("timeout.headline-after", "seconds", String.format(Locale.ROOT, "%.1f", seconds))
                : text("timeout.headline"), advice.toString());
    }

    private static @Nullable Diagnosis fromSignal(int exitCode, CodeFacts code, String stderr) {
        int signal = exitCode > 128 ? exitCode - 128 : exitCode < 0 ? -exitCode : 0;
        if (signal == 11 || stderr.contains("Segmentation fault")) {
            int scanf = code.findLine(
                    Pattern.compile("scanf\\s*\\(\\s*\"[^\"]*%[dfilu][^\"]*\"\\s*,\\s*[A-Za-z_]\\w*\\s*[,)]"));
            int loop = code.findLine(Pattern.compile("for\\s*\\(.*<=\\s*\\w+"));
            int nullDeref = code.findLine(Pattern.compile("=\\s*(?:NULL|nullptr|0)\\s*;"));
            String advice;
            int line = 0;
            if (scanf > 0) {
                line = scanf;
                advice = text("segfault.scanf", "where", lineRef(code, scanf));
            }
            else if (loop > 0) {
                line = loop;
                advice = text("segfault.loop", "where", lineRef(code, loop));
            }
            else if (nullDeref > 0) {
                line = nullDeref;
                advice = text("segfault.null", "where", lineRef(code, nullDeref));
            }
            else {
                advice = text("segfault.unknown");
            }
            return new Diagnosis("Segmentation fault", null, line, line > 0 ? code.line(line) : null,
                    text("segfault.headline", "code", exitCode), advice);
        }
        if (signal == 8) {
            int division = code.findLine(Pattern.compile("[^/*]/[^/*]|%\\s*\\w"));
            return new Diagnosis("Floating point exception", null, division, division > 0 ? code.line(division) : null,
                    text("fpe.headline", "code", exitCode), division > 0
                            ? text("fpe.advice-at", "where", lineRef(code, division)) : text("fpe.advice"));
        }
        if (signal == 6) {
            return new Diagnosis("Aborted", null, 0, null, text("abort.headline", "code", exitCode),
                    text("abort.advice"));
        }
        if (signal == 9) {
            return new Diagnosis("Killed", null, 0, null, text("killed.headline", "code", exitCode),
                    text("killed.advice"));
        }
        return null;
    }

    // compilers put the first error first, runtimes the exception last: keep both ends of a long output
    private static String bounded(String stderr) {
        int half = 32 * 1024;
        return stderr.length() <= 2 * half ? stderr
                : stderr.substring(0, half) + "\n" + stderr.substring(stderr.length() - half);
    }

    private static String lineRef(CodeFacts code, int line) {
        String source = code.line(line);
        return source != null ? text("line.quoted", "line", line, "code", source.strip())
                : text("line.bare", "line", line);
    }

    private static String lastLine(String stderr) {
        String[] lines = stderr.strip().split("\\R");
        String last = lines.length > 0 ? lines[lines.length - 1].strip() : "";
        return last.length() > 200 ? last.substring(0, 200) + "…" : last;
    }
}
