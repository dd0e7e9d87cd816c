package io.ghostide.realtime.ghost;

import java.net.URI;
import java.time.Duration;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Ghost's memory keeps however it is kept, run by a subclass per implementation: a deleted
 * file is forgotten, a failed run is bounded as any other piece, and all sessions together stay
 * within {@code ghostide.ghost.max-memory}, the least recently used forgotten first.
 */
abstract class GhostMemoryContractTests {

    /** Ghost's sessions over the memory under test, with these bounds. */
    protected abstract GhostSessions createSessions(GhostProperties properties);

    /** Bytes the memory under test counts against {@code max-memory} now. */
    protected abstract long heldBytes(GhostSessions sessions);

    static GhostProperties properties(int maxSessions, DataSize maxMemory) {
        return new GhostProperties(GhostProperties.Provider.OFFLINE, URI.create("http://127.0.0.1:1/v1"), "test-model", "",
                0.3, 100, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), 4, 4, Duration.ZERO,
                Duration.ofMinutes(10), new GhostProperties.Reactions(true, true, Duration.ofMillis(100)),
                DataSize.ofKilobytes(256), maxSessions, maxMemory, GhostResponderTestSupport.LOOSE_LIMITS);
    }

    @Test
    void aDeletedFileIsForgottenEvenAsTheCurrentCode() {
        GhostSessions sessions = createSessions(properties(100, DataSize.ofMegabytes(64)));
        sessions.get("deletes").fileSaved(new GhostPrompt.CodeUnit("keep.py", "python", "print('kept')"));
        sessions.get("deletes").fileSaved(new GhostPrompt.CodeUnit("gone.py", "python", "print('gone')"));
        sessions.fileDeleted("deletes", "gone.py");
        GhostPrompt.SessionSnapshot snapshot = sessions.get("deletes").snapshot();
        assertThat(snapshot.savedFiles()).containsOnlyKeys("keep.py");
        assertThat(snapshot.current()).isNull();

        // deleting a file that is not the current code leaves the current code
        sessions.get("deletes").fileSaved(new GhostPrompt.CodeUnit("other.py", "python", "print('other')"));
        sessions.fileDeleted("deletes", "keep.py");
        snapshot = sessions.get("deletes").snapshot();
        assertThat(snapshot.savedFiles()).containsOnlyKeys("other.py");
        assertThat(snapshot.current().fileName()).isEqualTo("other.py");
    }

    @Test
    void aFailedRunIsRememberedWithinThePieceSize() {
        GhostSessions sessions = createSessions(properties(100, DataSize.ofMegabytes(64)));
        String hugeCode = "x = 1\n".repeat(100_000);
        String hugeStderr = "noise\n".repeat(50_000) + "ZeroDivisionError: division by zero\n";
        ExecutionResult result = new ExecutionResult("", hugeStderr, 1, 0.1, false, ExecutionResult.Status.RUNTIME_ERROR, false);
        sessions.get("fails").runFailed(new GhostPrompt.RunReport("run-1", "python", hugeCode, result));
        GhostPrompt.RunReport remembered = sessions.get("fails").snapshot().lastFailure();
        assertThat(remembered.code().length()).isLessThanOrEqualTo(SessionMemory.MAX_REMEMBERED_FILE);
        assertThat(remembered.result().stderr().length()).isLessThanOrEqualTo(SessionMemory.MAX_REMEMBERED_FILE);
        // the end of the output, where the error is named, is what stays
        assertThat(remembered.result().stderr()).endsWith("ZeroDivisionError: division by zero\n");
    }

    @Test
    void everySessionTogetherStaysWithinTheBudgetLeastRecentlyUsedForgottenFirst() {
        DataSize budget = DataSize.ofMegabytes(1);
        GhostSessions sessions = createSessions(properties(1000, budget));
        String file = "#".repeat(60 * 1024);
        for (int i = 0; i < 40; i++) {
            sessions.get("budget-" + i).fileSaved(new GhostPrompt.CodeUnit("main.py", "python", file));
            assertThat(heldBytes(sessions)).isLessThanOrEqualTo(budget.toBytes());
        }
        assertThat(sessions.get("budget-0").snapshot().savedFiles()).isEmpty();
        assertThat(sessions.get("budget-39").snapshot().savedFiles()).containsOnlyKeys("main.py");
    }
}
