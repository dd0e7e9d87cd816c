package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Python tracebacks: the frames of the last traceback ({@code File "main.py", line 3, in f}) and
 * the exception line that ends it ({@code IndexError: list index out of range}); the error is
 * placed at the last frame in the user's own files. Syntax errors have a frame without a
 * function and no {@code Traceback} header.
 */
final class PythonErrorParser implements ErrorParser {

    private static final Pattern FRAME = Pattern.compile(
            "^\\s*File \"(?<file>[^\"]+)\", line (?<line>\\d+)(?:, in (?<fn>.+))?\\s*$");

    private static final Pattern EXCEPTION = Pattern.compile("^(?<type>[A-Za-z_][\\w.]*)(?::\\s?(?<msg>.*))?$");

    private static final Pattern KNOWN_EXCEPTION = Pattern.compile(
            "^(?<type>[A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|Iteration|Warning))(?::\\s?(?<msg>.*))?$");

    private record Frame(String file, int line, @Nullable String function) {
    }

    @Override
    public Optional<ParsedError> parse(String stderr) {
        String[] lines = stderr.split("\\R");
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Traceback (most recent call last)")) {
                start = i;
            }
        }
        List<Frame> frames = new ArrayList<>();
        int lastFrameIndex = -1;
        for (int i = start; i < lines.length; i++) {
            Matcher frame = FRAME.matcher(lines[i]);
            if (frame.matches()) {
                frames.add(new Frame(frame.group("file"), Integer.parseInt(frame.group("line")), frame.group("fn")));
                lastFrameIndex = i;
            }
        }
        String type = null;
        String message = "";
        List<String> notes = new ArrayList<>();
        if (lastFrameIndex >= 0) {
            // after the last frame: indented source and caret lines, then the exception line
            for (int i = lastFrameIndex + 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) {
                    continue;
                }
                if (Character.isWhitespace(line.charAt(0))) {
                    notes.add(line);
                    continue;
                }
                Matcher exception = EXCEPTION.matcher(line);
                if (exception.matches()) {
                    type = exception.group("type");
                    message = exception.group("msg") != null ? exception.group("msg").trim() : "";
                }
                break;
            }
        }
        if (type == null) {
            // no traceback: take the last line that names an exception
            for (int i = lines.length - 1; i >= 0 && type == null; i--) {
                Matcher exception = KNOWN_EXCEPTION.matcher(lines[i].trim());
                if (exception.matches()) {
                    type = exception.group("type");
                    message = exception.group("msg") != null ? exception.group("msg").trim() : "";
                }
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        Frame at = userFrame(frames);
        return Optional.of(new ParsedError("python", type, message, at != null ? ParsedError.baseName(at.file()) : null,
                at != null ? at.line() : 0, 0, at != null ? at.function() : null, List.copyOf(notes)));
    }

    private static @Nullable Frame userFrame(List<Frame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String file = frames.get(i).file();
            if (!file.startsWith("<frozen") && !file.contains("/lib/python") && !file.contains("site-packages")
                    && !file.contains("\\Lib\\")) {
                return frames.get(i);
            }
        }
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }
}
