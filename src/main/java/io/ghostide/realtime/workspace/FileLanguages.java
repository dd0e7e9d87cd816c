package io.ghostide.realtime.workspace;

import java.util.Locale;
import java.util.Map;

/** Guesses a file's language from its extension, for saves that do not name one. */
final class FileLanguages {

    static final String PLAINTEXT = "plaintext";

    // extension -> language, as the IDE's editor names them
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("py", "python"), Map.entry("pyw", "python"),
            Map.entry("js", "javascript"), Map.entry("mjs", "javascript"), Map.entry("cjs", "javascript"),
            Map.entry("ts", "typescript"), Map.entry("java", "java"),
            Map.entry("c", "c"), Map.entry("h", "c"),
            Map.entry("cpp", "cpp"), Map.entry("cc", "cpp"), Map.entry("cxx", "cpp"), Map.entry("hpp", "cpp"),
            Map.entry("hh", "cpp"), Map.entry("hxx", "cpp"),
            Map.entry("json", "json"), Map.entry("md", "markdown"), Map.entry("html", "html"),
            Map.entry("htm", "html"), Map.entry("css", "css"), Map.entry("sh", "shell"), Map.entry("go", "go"),
            Map.entry("rs", "rust"), Map.entry("rb", "ruby"), Map.entry("yml", "yaml"), Map.entry("yaml", "yaml"),
            Map.entry("xml", "xml"), Map.entry("sql", "sql"), Map.entry("csv", "csv"), Map.entry("txt", PLAINTEXT));

    private FileLanguages() {
    }

    static String guess(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return PLAINTEXT;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), PLAINTEXT);
    }
}
