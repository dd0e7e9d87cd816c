package io.ghostide.realtime.ghost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * What Ghost remembers of one session: the code being worked on, the last failure, the saved
 * files it has seen and a bounded chat history. Kept in this process ({@link LocalSessionMemory})
 * or in Redis for every instance ({@link RedisGhostMemory}); either way each piece of code (a
 * failed run's too) is bounded in size, the files and turns in number, and the memory of every
 * session together by {@code ghostide.ghost.max-memory}.
 */
interface SessionMemory {

    // code (saved, run or sent) larger than this is remembered by name only
    int MAX_REMEMBERED_FILE = 64 * 1024;

    int MAX_REMEMBERED_FILES = 32;

    void runStarted(GhostPrompt.RunReport run);

    void runFailed(GhostPrompt.RunReport run);

    void fileSaved(GhostPrompt.CodeUnit file);

    /** A deleted file is forgotten, and so is the current code when it was that file. */
    void fileDeleted(String fileName);

    /** Code sent along with a chat message ({@code context.code}) becomes the code Ghost talks about. */
    void codeSent(GhostPrompt.CodeUnit code);

    void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer);

    List<GhostPrompt.Turn> history();

    GhostPrompt.SessionSnapshot snapshot();

    /** Bytes this process holds for the session, as counted against {@code ghostide.ghost.max-memory}; 0 when it is kept elsewhere. */
    default long heldBytes() {
        return 0;
    }

    /** Code larger than {@link #MAX_REMEMBERED_FILE} is remembered by name and language only. */
    static GhostPrompt.CodeUnit bounded(GhostPrompt.CodeUnit code) {
        return code.code().length() <= MAX_REMEMBERED_FILE ? code
                : new GhostPrompt.CodeUnit(code.fileName(), code.language(), "");
    }

    /**
     * A run as remembered: its code bounded as any other piece, and its output to the last
     * {@link #MAX_REMEMBERED_FILE} characters of each stream, where a traceback names its error.
     */
    static GhostPrompt.RunReport boundedRun(GhostPrompt.RunReport run) {
        String code = run.code().length() <= MAX_REMEMBERED_FILE ? run.code() : "";
        ExecutionResult result = run.result();
        if (result != null && (result.stdout().length() > MAX_REMEMBERED_FILE || result.stderr().length() > MAX_REMEMBERED_FILE)) {
            result = new ExecutionResult(tail(result.stdout()), tail(result.stderr()), result.exitCode(),
                    result.executionTime(), result.timedOut(), result.status(), true);
        }
        return code == run.code() && result == run.result() ? run
                : new GhostPrompt.RunReport(run.executionId(), run.language(), code, result);
    }

    private static String tail(String text) {
        return text.length() <= MAX_REMEMBERED_FILE ? text : text.substring(text.length() - MAX_REMEMBERED_FILE);
    }

    /** A saved file as remembered: named ({@code untitled} when it has no name) and bounded. */
    static GhostPrompt.CodeUnit savedFile(GhostPrompt.CodeUnit file) {
        String name = file.fileName() != null ? file.fileName() : "untitled";
        return bounded(new GhostPrompt.CodeUnit(name, file.language(), file.code()));
    }

    /** The snapshot of what is remembered, however it is kept. */
    static GhostPrompt.SessionSnapshot snapshot(String sessionId, GhostPrompt.@Nullable CodeUnit current,
            GhostPrompt.@Nullable RunReport lastFailure, @Nullable String latestRunId,
            Map<String, GhostPrompt.CodeUnit> savedFiles) {
        GhostPrompt.CodeUnit code = current;
        // the program that ran is better known by its saved name when it was saved too
        if (code != null && code.fileName() == null) {
            for (GhostPrompt.CodeUnit saved : savedFiles.values()) {
                if (saved.code().equals(code.code())) {
                    code = saved;
                }
            }
        }
        boolean failureIsLatest = lastFailure != null && lastFailure.executionId().equals(latestRunId);
        return new GhostPrompt.SessionSnapshot(sessionId, code, lastFailure, failureIsLatest,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(savedFiles)));
    }
}
