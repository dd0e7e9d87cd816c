package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.CodeFacts;
import io.ghostide.realtime.ghost.advice.CodeHints;
import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * Ghost's chat without a model: it works out what the message asks (about the last error, about
 * the code, how to do something, about a name in the code) and answers from what it knows of the
 * session, in Ghost's voice. Every answer refers to the message, the code or the last error;
 * when it can't help it says so and says what it can do instead.
 */
final class OfflineChat {

    private static final Pattern GREETING = Pattern.compile(
            "^(hi|hello|hey|yo|hiya|howdy|boo|good (morning|afternoon|evening))\\b");

    private static final Pattern THANKS = Pattern.compile("\\b(thanks|thank you|thx|ty|cheers)\\b");

    private static final Pattern WHO = Pattern.compile(
            "\\b(who|what) are you\\b|\\byour name\\b|\\bwhat can you do\\b|^help\\b");

    private static final Pattern ABOUT_ERROR = Pattern.compile(
            "\\b(error|errors|wrong|fix|bug|bugs|crash|crashed|crashes|fail|failed|fails|failing|broken|broke|"
            + "traceback|exception|stack ?trace|doesn'?t work|not working|issue|problem|why)\\b");

    private static final Pattern EXPLAIN = Pattern.compile(
            "\\b(explain|what does|what is this|walk me through|understand|review|summari[sz]e|"
            + "how does (this|my|the) (code|program)|look at my code|check my code)\\b");

    private static final Pattern HOW_TO = Pattern.compile(
            "\\b(how (do|can|would|should) (i|you|we)|how to|example of|syntax (for|of)|way to|show me)\\b");

    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "is", "it", "in", "on", "my", "i", "to",
            "do", "does", "what", "why", "how", "this", "that", "of", "and", "or", "for", "with", "you", "me", "can",
            "be", "are", "was", "not", "if", "else", "print", "return", "def", "int", "var", "let", "const", "new",
            "code");

    private final ErrorAdvisor advisor;

    OfflineChat(ErrorAdvisor advisor) {
        this.advisor = advisor;
    }

    String answer(GhostPrompt prompt) {
        String message = prompt.message() != null ? prompt.message().strip() : "";
        String lower = message.toLowerCase(Locale.ROOT);
        GhostPrompt.SessionSnapshot session = prompt.session();
        GhostPrompt.CodeUnit current = session.current();
        CodeFacts code = current != null ? new CodeFacts(current.code(), current.language()) : null;

        if (WHO.matcher(lower).find()) {
            return text("chat.who", "status", status(session, code));
        }
        if (GREETING.matcher(lower).find() && lower.length() < 40) {
            return text("chat.greeting", "status", status(session, code));
        }
        if (THANKS.matcher(lower).find() && lower.length() < 60) {
            return text("chat.thanks", "where", current != null && current.fileName() != null
                    ? text("chat.thanks.around", "file", current.fileName()) : "");
        }
        StringBuilder answer = new StringBuilder();
        if (ABOUT_ERROR.matcher(lower).find()) {
            answer.append(aboutError(session, code));
        }
        else if (EXPLAIN.matcher(lower).find()) {
            answer.append(explain(current, code, session.savedFiles()));
        }
        else if (HOW_TO.matcher(lower).find()) {
            String howTo = howTo(lower, current);
            answer.append(howTo != null ? howTo : text("chat.how-to.unknown"));
        }
        else {
            String howTo = howTo(lower, current);
            if (howTo != null) {
                answer.append(howTo);
            }
        }
        String mentioned = mentionedInCode(message, code);
        if (!mentioned.isEmpty()) {
            answer.append(answer.length() > 0 ? "\n\n" : "👻 ").append(mentioned);
        }
        if (answer.length() == 0) {
            String asked = message.length() > 120 ? message.substring(0, 120) + "…" : message;
            answer.append(text("chat.fallback", "message", asked, "status", status(session, code)));
        }
        return answer.toString().strip();
    }

    private String aboutError(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(this.advisor, failure, session.savedFiles());
            return text(session.lastFailureIsLatest() ? "chat.error.latest" : "chat.error.earlier",
                    "diagnosis", diagnosis.text());
        }
        String remark = "";
        if (code != null) {
            List<String> hints = CodeHints.about(code);
            remark = hints.isEmpty() ? text("chat.no-crash.calm", "language", languageName(code.language()))
                    : text("chat.no-crash.hints", "hints", String.join("; ", hints));
        }
        return text("chat.no-crash", "remark", remark);
    }

    private static String explain(GhostPrompt.@Nullable CodeUnit current, @Nullable CodeFacts code,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {
        if (current == null || code == null || code.code().isBlank()) {
            return text("chat.explain.no-code");
        }
        StringBuilder text = new StringBuilder(text("chat.explain"));
        String lines = lines(code.lineCount());
        String language = languageName(code.language());
        text.append(current.fileName() != null
                ? text("chat.explain.file", "file", current.fileName(), "lines", lines, "language", language)
                : text("chat.explain.unnamed", "lines", lines, "language", language));
        List<String> imports = code.imports();
        if (!imports.isEmpty()) {
            text.append(text("chat.explain.imports", "imports", join(imports, 5)));
            for (String module : imports) {
                GhostPrompt.CodeUnit saved = savedFiles.get(module + ".py");
                if (saved == null) {
                    saved = savedFiles.get(module.replaceFirst("^\\./", "") + ".js");
                }
                if (saved != null) {
                    List<String> functions = new CodeFacts(saved.code(), saved.language()).functions();
                    text.append(text("chat.explain.saved", "file", saved.fileName(), "defines", functions.isEmpty() ? ""
                            : text("chat.explain.saved.defines", "functions", join(functions, 5))));
                }
            }
        }
        List<String> classes = code.classes();
        if (!classes.isEmpty()) {
            text.append(text(classes.size() == 1 ? "chat.explain.class" : "chat.explain.classes",
                    "classes", join(classes, 5)));
        }
        List<String> functions = code.functions();
        if (!functions.isEmpty()) {
            text.append(text(functions.size() == 1 ? "chat.explain.function" : "chat.explain.functions",
                    "functions", join(functions, 8)));
        }
        int loop = code.findLine(Pattern.compile("^\\s*(for|while)\\b|\\bfor\\s*\\(|\\bwhile\\s*\\("));
        if (loop > 0) {
            text.append(text("chat.explain.loop", "line", loop, "code", code.line(loop).strip()));
        }
        int input = code.findLine(
                Pattern.compile("\\binput\\s*\\(|Scanner|scanf|cin\\s*>>|readFileSync\\(0|process\\.stdin"));
        if (input > 0) {
            text.append(text("chat.explain.input", "line", input));
        }
        int output = code.findLine(Pattern.compile("\\bprint\\s*\\(|console\\.log|System\\.out|printf|cout"));
        if (output > 0) {
            text.append(text("chat.explain.output", "line", output));
        }
        List<String> hints = CodeHints.about(code);
        if (!hints.isEmpty()) {
            text.append(text("chat.explain.hints", "hints", String.join("; ", hints)));
        }
        return text.toString();
    }

    private static @Nullable String howTo(String lower, GhostPrompt.@Nullable CodeUnit current) {
        String family = familyAskedFor(lower);
        if (family == null) {
            family = current != null ? ErrorAdvisor.family(current.language()) : null;
        }
        if (family == null) {
            family = "python";
        }
        for (ChatRecipes.Topic topic : ChatRecipes.TOPICS) {
            if (topic.keywords().matcher(lower).find()) {
                String language = family.equals("native") ? "cpp" : family;
                return text("chat.how-to", "what", text(topic.whatKey()), "language", languageName(language),
                        "fence", language, "snippet", topic.snippets().get(family),
                        "note", topic.whatKey().equals("chat.topic.read-file") ? text("chat.how-to.file-note") : "");
            }
        }
        return null;
    }

    private static @Nullable String familyAskedFor(String lower) {
        if (lower.matches(".*\\b(python|py)\\b.*")) {
            return "python";
        }
        if (lower.matches(".*\\b(javascript|js|node)\\b.*")) {
            return "javascript";
        }
        if (lower.matches(".*\\bjava\\b.*")) {
            return "java";
        }
        if (lower.matches(".*(\\bc\\+\\+|\\bcpp\\b|\\bin c\\b).*")) {
            return "native";
        }
        return null;
    }

    // names from the message that appear in the code, each with the lines that use them
    private static String mentionedInCode(String message, @Nullable CodeFacts code) {
        if (code == null) {
            return "";
        }
        Set<String> identifiers = code.identifiers();
        Map<String, List<Integer>> found = new LinkedHashMap<>();
        Matcher words = Pattern.compile("[A-Za-z_$][\\w$]*").matcher(message);
        Set<String> seen = new LinkedHashSet<>();
        while (words.find()) {
            String word = words.group();
            if (word.length() < 2 || STOP_WORDS.contains(word.toLowerCase(Locale.ROOT)) || !identifiers.contains(word)
                    || !seen.add(word)) {
                continue;
            }
            List<Integer> lines = new ArrayList<>();
            Pattern use = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])");
            for (int line = code.findLine(use); line > 0 && lines.size() < 3; line = code.findLine(use, line + 1)) {
                lines.add(line);
            }
            if (!lines.isEmpty()) {
                found.put(word, lines);
            }
            if (found.size() == 3) {
                break;
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<Integer>> entry : found.entrySet()) {
            List<String> uses = new ArrayList<>();
            for (int line : entry.getValue()) {
                uses.add(text("line.quoted", "line", line, "code", code.line(line).strip()));
            }
            text.append(text("chat.mentioned", "name", entry.getKey(), "uses", String.join(", ", uses)));
        }
        return text.toString().strip();
    }

    private static String status(GhostPrompt.SessionSnapshot session, @Nullable CodeFacts code) {
        StringBuilder status = new StringBuilder();
        GhostPrompt.CodeUnit current = session.current();
        if (current != null && code != null) {
            status.append(text("chat.status.code", "lines", lines(code.lineCount()),
                    "language", languageName(code.language()),
                    "where", current.fileName() != null
                            ? text("chat.status.code.in", "file", current.fileName()) : ""));
        }
        else {
            status.append(text("chat.status.no-code"));
        }
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null && session.lastFailureIsLatest()) {
            ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(new ErrorAdvisor(), failure, session.savedFiles());
            status.append(text("chat.status.failed", "type", diagnosis.errorType(), "where", diagnosis.line() > 0
                    ? text("chat.status.failed.on-line", "line", diagnosis.line()) : ""));
        }
        if (!session.savedFiles().isEmpty()) {
            status.append(text("chat.status.saved", "files", join(new ArrayList<>(session.savedFiles().keySet()), 6)));
        }
        return status.toString();
    }

    static String languageName(@Nullable String language) {
        if (language == null) {
            return text("chat.language.unknown");
        }
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "python", "py", "python3" -> "Python";
            case "javascript", "js", "node" -> "JavaScript";
            case "typescript" -> "TypeScript";
            case "java" -> "Java";
            case "c" -> "C";
            case "cpp", "c++" -> "C++";
            case "", "plaintext" -> text("chat.language.text");
            default -> language;
        };
    }

    /** "1 line", "12 lines". */
    static String lines(int count) {
        return text(count == 1 ? "chat.lines.one" : "chat.lines", "count", count);
    }

    private static String join(List<String> names, int max) {
        List<String> shown = names.size() <= max ? names : names.subList(0, max);
        String text = "`" + String.join("`, `", shown) + "`";
        return names.size() <= max ? text : text("chat.list.more", "list", text, "count", names.size() - max);
    }
}
