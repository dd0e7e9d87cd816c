package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java: compiler diagnostics ({@code Main.java:5: error: cannot find symbol} with its
 * {@code symbol:} lines) and uncaught exceptions ({@code Exception in thread "main"
 * java.lang.X: msg}, the innermost {@code Caused by:}, placed at the first frame outside the JDK).
 */
final class JavaErrorParser implements ErrorParser {

    private static final Pattern COMPILE = Pattern.compile("^(?<file>\\S+?\\.java):(?<line>\\d+): error: (?<msg>.+)$");

    private static final Pattern THROWN = Pattern.compile(
            "^(?:Exception in thread \"[^\"]*\" |Caused by: )(?<type>[\\w.$]+)(?:: (?<msg>.*))?$");

    private static final Pattern FRAME = Pattern.compile(
            "^\\s+at (?<method>[\\w.$<>/]+)\\((?<file>[\\w$]+\\.java):(?<line>\\d+)\\)$");

    @Override
    public Optional<ParsedError> parse(String stderr) {
        String[] lines = stderr.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher compile = COMPILE.matcher(lines[i]);
            if (compile.matches()) {
                List<String> notes = new ArrayList<>();
                for (int j = i + 1; j < lines.length && !COMPILE.matcher(lines[j]).matches(); j++) {
                    String note = lines[j].trim();
                    if (note.startsWith("symbol:") || note.startsWith("location:") || note.startsWith("required:")
                            || note.startsWith("found:")) {
                        notes.add(note);
                    }
                }
                return Optional.of(new ParsedError("java", "compile error", compile.group("msg").trim(),
                        ParsedError.baseName(compile.group("file")), Integer.parseInt(compile.group("line")), 0, null,
                        List.copyOf(notes)));
            }
        }
        String type = null;
        String message = "";
        int thrownAt = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher thrown = THROWN.matcher(lines[i].trim());
            if (thrown.matches()) {
                type = thrown.group("type");
                message = thrown.group("msg") != null ? thrown.group("msg").trim() : "";
                thrownAt = i;
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        String file = null;
        int line = 0;
        String method = null;
        List<String> methods = new ArrayList<>();
        for (int i = thrownAt + 1; i < lines.length; i++) {
            Matcher frame = FRAME.matcher(lines[i]);
            if (frame.matches()) {
                String name = frame.group("method");
                methods.add(name);
                if (file == null && !isJdk(name)) {
                    file = frame.group("file");
                    line = Integer.parseInt(frame.group("line"));
                    method = name;
                }
            }
        }
        return Optional.of(new ParsedError("java", type, message, file, line, 0, method, List.copyOf(methods)));
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("javax.") || method.startsWith("jdk.")
                || method.startsWith("sun.") || method.startsWith("com.sun.");
    }
}
