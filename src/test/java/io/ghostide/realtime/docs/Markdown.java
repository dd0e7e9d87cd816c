package io.ghostide.realtime.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Markdown document the document tests read: fenced code blocks (with the
 * {@code <!-- source: path -->} comment that names where a block is copied from), links, the
 * anchors its headings make, and the first cells of its table rows. Text inside fences and inline
 * code is not taken for links.
 */
final class Markdown {

    /** A fenced block: its language, its text without the fences, and the source named above it, if any. */
    record CodeBlock(String language, String text, String source) {
    }

    private static final Pattern SOURCE = Pattern.compile("^<!-- source: (\\S+) -->$");

    // [text](target) and ![alt](target); the target has no spaces; an optional "title" is dropped
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private final Path file;

    private final List<String> lines;

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Path file() {
        return this.file;
    }

    List<CodeBlock> codeBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        for (int i = 0; i < this.lines.size(); i++) {
            String line = this.lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).trim();
            String source = null;
            if (i > 0) {
                Matcher marker = SOURCE.matcher(this.lines.get(i - 1).trim());
                source = marker.matches() ? marker.group(1) : null;
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < this.lines.size() && !this.lines.get(j).startsWith("```")) {
                text.append(this.lines.get(j)).append('\n');
                j++;
            }
            blocks.add(new CodeBlock(language, text.toString(), source));
            i = j;
        }
        return blocks;
    }

    /** Every link target outside code, in order. */
    List<String> links() {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines()) {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings, with {@code -1}, {@code -2} for repeated ones. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : proseLines()) {
            if (!line.startsWith("#")) {
                continue;
            }
            String base = slug(line.replaceFirst("^#+\\s*", ""));
            String anchor = base;
            for (int n = 1; !anchors.add(anchor); n++) {
                anchor = base + "-" + n;
            }
        }
        return anchors;
    }

    /** The text of every line outside fenced blocks. */
    List<String> proseLines() {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : this.lines) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            else if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }

    // GitHub's rule: lower case, punctuation other than '-' and '_' dropped, each space a '-'
    static String slug(String heading) {
        String text = Normalizer.normalize(heading.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
            else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
