package io.ghostide.realtime.ghost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;
import io.ghostide.realtime.messaging.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link GhostPrompt} into chat completion messages: a system message with Ghost's
 * persona and what it knows of the session (the current code with line numbers, the last
 * failure, the saved files), the bounded history, and a last user message for the question or
 * the hook reacted to. For an error, the offline diagnosis rides along as a hint, which keeps
 * small local models on the right line.
 */
final class ChatPromptRenderer {

    static final String PERSONA = """
            You are Ghost, the assistant inside the GhostIDE web IDE: a friendly ghost with a light, playful voice \
            and precise technical answers. Keep answers under 150 words unless asked for more. Refer to line numbers. \
            When there is an error, first name its type and line, then say how to fix it and show the corrected line. \
            Use Markdown code blocks for code. At most one spooky pun per answer.""";

    private static final int MAX_CODE_CHARS = 12_000;

    private static final int MAX_ERROR_CHARS = 4_000;

    /** One chat completion message. */
    record Message(String role, String content) {
    }

    private final ErrorAdvisor advisor;

    ChatPromptRenderer(ErrorAdvisor advisor) {
        this.advisor = advisor;
    }

    List<Message> messages(GhostPrompt prompt) {
        List<Message> messages = new ArrayList<>();
        messages.add(new Message("system", PERSONA + "\n\n" + sessionContext(prompt.session())));
        for (GhostPrompt.Turn turn : prompt.history()) {
            messages.add(new Message(turn.role() == GhostPrompt.Turn.Role.USER ? "user" : "assistant", turn.content()));
        }
        messages.add(new Message("user", request(prompt)));
        return messages;
    }

    private String request(GhostPrompt prompt) {
        return switch (prompt.trigger()) {
            case CHAT -> prompt.message() != null ? prompt.message() : "";
            case ON_ERROR -> onError(prompt);
            case ON_RUN -> "I just started running my " + language(prompt.run() != null ? prompt.run().language() : null)
                    + " program. Give me one short, useful remark about the code (one or two sentences), "
                    + "or a word of encouragement if there is nothing to remark.";
            case ON_SAVE -> onSave(prompt.saved());
        };
    }

    private String onError(GhostPrompt prompt) {
        GhostPrompt.RunReport run = prompt.run();
        if (run == null || run.result() == null) {
            return "My program failed. What could have gone wrong?";
        }
        ExecutionResult result = run.result();
        ErrorAdvisor.Diagnosis diagnosis = RunDiagnoses.diagnose(this.advisor, run, prompt.session().savedFiles());
        StringBuilder text = new StringBuilder("My ").append(language(run.language())).append(" program just failed (status ")
                .append(result.status().wireName()).append(", exit code ").append(result.exitCode()).append(").");
        if (!result.stderr().isBlank()) {
            text.append(" It wrote this to stderr:\n```\n").append(tail(result.stderr(), MAX_ERROR_CHARS)).append("\n```");
        }
        text.append("\nThe IDE read it as: ").append(diagnosis.headline());
        if (diagnosis.sourceLine() != null) {
            text.append(" (line ").append(diagnosis.line()).append(": `").append(diagnosis.sourceLine().strip()).append("`)");
        }
        return text.append("\nExplain briefly what went wrong and how to fix it.").toString();
    }

    private static String onSave(GhostPrompt.@Nullable CodeUnit saved) {
        if (saved == null) {
            return "I just saved a file. Say something short and encouraging.";
        }
        return "I just saved " + saved.fileName() + ":\n```" + saved.language() + "\n" + head(saved.code(), MAX_CODE_CHARS)
                + "\n```\nGive me one short remark about it (one or two sentences).";
    }

    private static String sessionContext(GhostPrompt.SessionSnapshot session) {
        StringBuilder context = new StringBuilder("What you know about the user's session:\n");
        GhostPrompt.CodeUnit current = session.current();
        if (current != null && !current.code().isBlank()) {
            context.append("Current code").append(current.fileName() != null ? " (" + current.fileName() + ")" : "")
                    .append(", ").append(language(current.language())).append(", with line numbers:\n```")
                    .append(current.language()).append('\n').append(numbered(head(current.code(), MAX_CODE_CHARS))).append("```\n");
        }
        else {
            context.append("No code seen yet.\n");
        }
        if (!session.savedFiles().isEmpty()) {
            context.append("Files saved in the session (they sit next to the program when it runs): ")
                    .append(String.join(", ", session.savedFiles().keySet())).append('\n');
        }
        GhostPrompt.RunReport failure = session.lastFailure();
        if (failure != null && failure.result() != null) {
            context.append(session.lastFailureIsLatest() ? "The latest run failed" : "An earlier run failed (a later one did not)")
                    .append(", stderr:\n```\n").append(tail(failure.result().stderr().isBlank()
                            ? failure.result().status().wireName() : failure.result().stderr(), MAX_ERROR_CHARS)).append("\n```\n");
        }
        context.append("Runs have no network and only the standard library of each language.");
        return context.toString();
    }

    private static String numbered(String code) {
        String[] lines = code.split("\\R", -1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            text.append(String.format(Locale.ROOT, "%3d | ", i + 1)).append(lines[i]).append('\n');
        }
        return text.toString();
    }

    private static String head(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n… (cut)";
    }

    private static String tail(String text, int max) {
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : "… (cut)\n" + stripped.substring(stripped.length() - max);
    }

    private static String language(@Nullable String language) {
        return OfflineChat.languageName(language);
    }
}
