package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.ghost.advice.CodeFacts;
import io.ghostide.realtime.ghost.advice.CodeHints;
import io.ghostide.realtime.ghost.advice.PythonModules;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * Ghost's remarks without a model on a run that started or a file just saved: what the code is,
 * what it imports from the session or still misses, and one hint when there is one. The words
 * are in {@code ghost/advice/chat.properties}.
 */
final class OfflineRemarks {

    private OfflineRemarks() {
    }

    static String onRun(GhostPrompt.@Nullable RunReport run) {
        if (run == null) {
            return text("remark.run");
        }
        CodeFacts code = new CodeFacts(run.code(), run.language());
        List<String> functions = code.functions();
        List<String> hints = CodeHints.about(code);
        return text("remark.run.code", "lines", OfflineChat.lines(code.lineCount()),
                "language", OfflineChat.languageName(run.language()),
                "functions", functions.isEmpty() ? "" : functions.size() == 1
                        ? text("remark.run.function", "name", functions.get(0))
                        : text("remark.run.functions", "count", functions.size()),
                "remark", hints.isEmpty() ? text("remark.run.watching")
                        : text("remark.run.hint", "hint", hints.get(0)));
    }

    static String onSave(GhostPrompt.@Nullable CodeUnit saved, GhostPrompt.SessionSnapshot session) {
        if (saved == null) {
            return text("remark.save");
        }
        CodeFacts code = new CodeFacts(saved.code(), saved.language());
        String name = saved.fileName() != null ? saved.fileName() : text("remark.save.your-file");
        if (saved.code().isBlank()) {
            return text("remark.save.empty", "name", name);
        }
        List<String> functions = code.functions();
        StringBuilder text = new StringBuilder(text("remark.save.code", "name", name,
                "lines", OfflineChat.lines(code.lineCount()), "language", OfflineChat.languageName(saved.language()),
                "functions", functions.isEmpty() ? "" : text("remark.save.functions",
                        "names", String.join("`, `", functions.size() > 5 ? functions.subList(0, 5) : functions))));
        String module = saved.fileName() != null && saved.fileName().contains(".")
                ? saved.fileName().substring(0, saved.fileName().lastIndexOf('.')) : null;
        List<String> importers = new ArrayList<>();
        for (GhostPrompt.CodeUnit other : session.savedFiles().values()) {
            if (module != null && other.fileName() != null && !other.fileName().equals(saved.fileName())
                    && new CodeFacts(other.code(), other.language()).imports().stream()
                            .anyMatch(i -> i.equals(module) || i.endsWith("/" + module)
                                    || i.equals("./" + module + ".js"))) {
                importers.add(other.fileName());
            }
        }
        if (!importers.isEmpty()) {
            text.append(text(importers.size() == 1 ? "remark.save.imported-by-one" : "remark.save.imported-by",
                    "files", String.join(", ", importers)));
        }
        text.append(importsRemark(saved, code, session));
        List<String> hints = CodeHints.about(code);
        if (!hints.isEmpty()) {
            text.append(text("remark.save.hint", "hint", hints.get(0)));
        }
        return text.toString().strip();
    }

    // what the saved file imports from this session, and what it imports that nobody saved
    private static String importsRemark(GhostPrompt.CodeUnit saved, CodeFacts code,
            GhostPrompt.SessionSnapshot session) {
        String extension = code.isPython() ? ".py" : code.isJavaScript() ? ".js" : null;
        if (extension == null) {
            return "";
        }
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String module : code.imports()) {
            String name = module.startsWith("./") ? module.substring(2) : module;
            if (name.endsWith(extension)) {
                name = name.substring(0, name.length() - extension.length());
            }
            if (name.contains(".") || name.contains("/") || (code.isJavaScript() && !module.startsWith("."))) {
                continue;
            }
            if (session.savedFiles().containsKey(name + extension)) {
                found.add(name + extension);
            }
            else if (code.isJavaScript() || !PythonModules.isLibrary(name)) {
                missing.add(name + extension);
            }
        }
        StringBuilder remark = new StringBuilder();
        if (!found.isEmpty()) {
            remark.append(text("remark.save.imports-saved", "files", String.join(", ", found)));
        }
        if (!missing.isEmpty()) {
            remark.append(text(missing.size() == 1 ? "remark.save.imports-missing-one" : "remark.save.imports-missing",
                    "files", String.join(", ", missing)));
        }
        return remark.toString();
    }
}
