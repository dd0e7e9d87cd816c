package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.CodeFacts;
import io.ghostide.realtime.ghost.advice.CodeHints;
import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.ghost.advice.PythonModules;
import org.jspecify.annotations.Nullable;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * The provider that needs nothing: advice from {@link ErrorAdvisor}, chat from
 * {@link OfflineChat}, short remarks on runs and saves. The answer is written at once and then
 * streamed a few words at a time, so clients see the same chunks as with a model.
 */
final class OfflineGhostProvider implements GhostProvider {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private static final int WORDS_PER_CHUNK = 4;

    private final ErrorAdvisor advisor;

    private final OfflineChat chat;

    private final ScheduledExecutorService scheduler;

    private final Duration chunkDelay;

    OfflineGhostProvider(ErrorAdvisor advisor, ScheduledExecutorService scheduler, Duration chunkDelay) {
        this.advisor = advisor;
        this.chat = new OfflineChat(advisor);
        this.scheduler = scheduler;
        this.chunkDelay = chunkDelay;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Stream stream(GhostPrompt prompt, Listener listener) {
        String text;
        try {
            text = write(prompt);
        }
        catch (RuntimeException ex) {
            listener.onError(new Failure("Ghost got confused",
                    "The offline assistant failed to write an answer: " + ex));
            return () -> { };
        }
        Emitter emitter = new Emitter(chunks(text), listener);
        try {
            this.scheduler.execute(emitter);
        }
        catch (RejectedExecutionException ex) {
            listener.onError(new Failure("Ghost is unavailable", "The server is shutting down"));
        }
        return emitter;
    }

    String write(GhostPrompt prompt) {
        return switch (prompt.trigger()) {
            case CHAT -> this.chat.answer(prompt);
            case ON_ERROR -> prompt.run() != null
                    ? RunDiagnoses.diagnose(this.advisor, prompt.run(), prompt.session().savedFiles()).text()
                    : text("remark.error.unseen");
            case ON_RUN -> onRun(prompt.run());
            case ON_SAVE -> onSave(prompt.saved(), prompt.session());
        };
    }

    private static String onRun(GhostPrompt.@Nullable RunReport run) {
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

    private static String onSave(GhostPrompt.@Nullable CodeUnit saved, GhostPrompt.SessionSnapshot session) {
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

    /** The text in pieces of a few words; joined, the pieces are exactly the text. */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        StringBuilder chunk = new StringBuilder();
        int words = 0;
        int end = 0;
        while (word.find()) {
            chunk.append(text, end, word.end());
            end = word.end();
            if (++words == WORDS_PER_CHUNK) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
                words = 0;
            }
        }
        chunk.append(text.substring(end));
        if (chunk.length() > 0) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }

    // emits one chunk per turn on the scheduler, so a cancel between chunks stops it
    private final class Emitter implements Runnable, Stream {

        private final List<String> chunks;

        private final Listener listener;

        private int next;

        private volatile boolean cancelled;

        Emitter(List<String> chunks, Listener listener) {
            this.chunks = chunks;
            this.listener = listener;
        }

        @Override
        public void run() {
            while (!this.cancelled && this.next < this.chunks.size()) {
                this.listener.onToken(this.chunks.get(this.next++));
                if (!OfflineGhostProvider.this.chunkDelay.isZero() && this.next < this.chunks.size()) {
                    try {
                        OfflineGhostProvider.this.scheduler.schedule(this,
                                OfflineGhostProvider.this.chunkDelay.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    catch (RejectedExecutionException ex) {
                        this.listener.onError(new Failure("Ghost is unavailable", "The server is shutting down"));
                    }
                    return;
                }
            }
            if (!this.cancelled) {
                this.listener.onComplete();
            }
        }

        @Override
        public void cancel() {
            this.cancelled = true;
        }

        @Override
        public String toString() {
            return "offline answer of " + this.chunks.size() + " chunks".toLowerCase(Locale.ROOT);
        }
    }
}
