package io.ghostide.realtime.ghost.advice;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js errors: the {@code /path/main.js:3} header over the offending line, the
 * {@code TypeError: ...} line, and the {@code at ... (file:line:col)} frames; the header or
 * else the first frame outside Node's own modules places the error.
 */
final class NodeErrorParser implements ErrorParser {

    private static final Pattern HEADER = Pattern.compile("^(?<file>\\S+?\\.(?:js|mjs|cjs|ts)):(?<line>\\d+)$");

    private static final Pattern ERROR = Pattern.compile(
            "^(?:Uncaught )?(?<type>[A-Z][A-Za-z]*(?:Error|Exception)|Error)"
            + "(?: \\[(?<code>[A-Z0-9_]+)\\])?: ?(?<msg>.*)$");

    private static final Pattern FRAME = Pattern.compile(
            "^\\s+at (?:(?<fn>.+?) \\()?(?<file>[^()\\s]+?):(?<line>\\d+):(?<col>\\d+)\\)?$");

    @Override
    public Optional<ParsedError> parse(String stderr) {
        String[] lines = stderr.split("\\R");
        String headerFile = null;
        int headerLine = 0;
        String type = null;
        String message = "";
        String frameFile = null;
        int frameLine = 0;
        int frameColumn = 0;
        String function = null;
        List<String> notes = new ArrayList<>();
        for (String line : lines) {
            Matcher header = HEADER.matcher(line);
            if (type == null && headerFile == null && header.matches()) {
                headerFile = header.group("file");
                headerLine = Integer.parseInt(header.group("line"));
                continue;
            }
            Matcher error = ERROR.matcher(line);
            if (type == null && error.matches()) {
                type = error.group("type");
                message = error.group("msg").trim();
                if (error.group("code") != null) {
                    notes.add(error.group("code"));
                }
                continue;
            }
            Matcher frame = FRAME.matcher(line);
            if (type != null && frameFile == null && frame.matches() && !frame.group("file").startsWith("node:")
                    && !frame.group("file").contains("node_modules")) {
                frameFile = frame.group("file");
                frameLine = Integer.parseInt(frame.group("line"));
                frameColumn = Integer.parseInt(frame.group("col"));
                function = frame.group("fn");
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        boolean useHeader = headerFile != null && !headerFile.startsWith("node:");
        String file = useHeader ? headerFile : frameFile;
        int line = useHeader ? headerLine : frameLine;
        if (function != null && (function.startsWith("Object.<anonymous>") || function.startsWith("new "))) {
            function = null;
        }
        return Optional.of(new ParsedError("javascript", type, message, ParsedError.baseName(file), line,
                useHeader && frameLine != headerLine ? 0 : frameColumn, function, List.copyOf(notes)));
    }
}
