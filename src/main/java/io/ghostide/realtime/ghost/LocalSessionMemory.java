package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What Ghost remembers of one session, in this process: for {@code ghostide.cluster.mode=local}. */
final class LocalSessionMemory implements SessionMemory {

    private final String sessionId;

    private final int historySize;

    // every field is guarded by this object's monitor; none of this is on a hot path

    private GhostPrompt.@Nullable CodeUnit current;

    private GhostPrompt.@Nullable RunReport lastFailure;

    private @Nullable String latestRunId;

    // file name -> content, least recently saved first
    private final LinkedHashMap<String, GhostPrompt.CodeUnit> savedFiles = new LinkedHashMap<>();

    private final ArrayDeque<GhostPrompt.Turn> history = new ArrayDeque<>();

    LocalSessionMemory(String sessionId, int historySize) {
        this.sessionId = sessionId;
        this.historySize = historySize;
    }

    @Override
    public synchronized void runStarted(GhostPrompt.RunReport run) {
        this.latestRunId = run.executionId();
        this.current = SessionMemory.bounded(new GhostPrompt.CodeUnit(null, run.language(), run.code()));
    }

    @Override
    public synchronized void runFailed(GhostPrompt.RunReport run) {
        this.lastFailure = SessionMemory.boundedRun(run);
        if (this.latestRunId == null) {
            this.latestRunId = run.executionId();
        }
        this.current = SessionMemory.bounded(new GhostPrompt.CodeUnit(null, run.language(), run.code()));
    }

    @Override
    public synchronized void fileSaved(GhostPrompt.CodeUnit file) {
        GhostPrompt.CodeUnit remembered = SessionMemory.savedFile(file);
        this.savedFiles.remove(remembered.fileName());
        this.savedFiles.put(remembered.fileName(), remembered);
        while (this.savedFiles.size() > MAX_REMEMBERED_FILES) {
            this.savedFiles.remove(this.savedFiles.keySet().iterator().next());
        }
        this.current = remembered;
    }

    @Override
    public synchronized void fileDeleted(String fileName) {
        GhostPrompt.CodeUnit forgotten = this.savedFiles.remove(fileName);
        if (forgotten != null && this.current != null && fileName.equals(this.current.fileName())) {
            this.current = null;
        }
    }

    @Override
    public synchronized void codeSent(GhostPrompt.CodeUnit code) {
        this.current = SessionMemory.bounded(code);
    }

    @Override
    public synchronized void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer) {
        if (this.historySize == 0) {
            return;
        }
        this.history.addLast(question);
        this.history.addLast(answer);
        while (this.history.size() > this.historySize) {
            this.history.removeFirst();
        }
    }

    @Override
    public synchronized List<GhostPrompt.Turn> history() {
        return List.copyOf(this.history);
    }

    @Override
    public synchronized GhostPrompt.SessionSnapshot snapshot() {
        return SessionMemory.snapshot(this.sessionId, this.current, this.lastFailure, this.latestRunId, this.savedFiles);
    }

    // two bytes a character: what a String of any text may take; the current code is often a saved
    // file's String too, counted twice, which errs on the safe side
    @Override
    public synchronized long heldBytes() {
        long chars = this.current != null ? this.current.code().length() : 0;
        if (this.lastFailure != null) {
            chars += this.lastFailure.code().length();
            if (this.lastFailure.result() != null) {
                chars += this.lastFailure.result().stdout().length() + this.lastFailure.result().stderr().length();
            }
        }
        for (java.util.Map.Entry<String, GhostPrompt.CodeUnit> file : this.savedFiles.entrySet()) {
            chars += file.getKey().length() + file.getValue().code().length();
        }
        for (GhostPrompt.Turn turn : this.history) {
            chars += turn.content().length();
        }
        return 2 * chars;
    }
}
