package io.ghostide.realtime.ghost;

import java.util.List;
import java.util.Map;

import io.ghostide.realtime.messaging.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * Everything a provider needs for one answer: what triggered it, the user's message for a chat,
 * what Ghost knows of the session, the recent conversation, and the run or save reacted to.
 */
record GhostPrompt(Trigger trigger, @Nullable String message, SessionSnapshot session, List<Turn> history,
        @Nullable RunReport run, @Nullable CodeUnit saved) {

    /** What an answer replies to. */
    enum Trigger {
        CHAT("chat"), ON_RUN("on_run"), ON_ERROR("on_error"), ON_SAVE("on_save");

        private final String wireName;

        Trigger(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return this.wireName;
        }
    }

    /** One message of the conversation. */
    record Turn(Role role, String content) {

        enum Role { USER, ASSISTANT }
    }

    /** A piece of code Ghost knows: the code last run, a saved file, or code a chat sent along. */
    record CodeUnit(@Nullable String fileName, String language, String code) {
    }

    /** A run of the session's code; {@code result} is null while it runs. */
    record RunReport(String executionId, String language, String code, @Nullable ExecutionResult result) {
    }

    /**
     * What Ghost knows of a session at the moment an answer starts.
     *
     * @param current the code the user works on: the latest of the code run, the file saved or the code a chat sent
     * @param lastFailure the last run that failed
     * @param lastFailureIsLatest whether no run started after {@code lastFailure}
     * @param savedFiles the session's saved files Ghost has seen, by name
     */
    record SessionSnapshot(String sessionId, @Nullable CodeUnit current, @Nullable RunReport lastFailure,
            boolean lastFailureIsLatest, Map<String, CodeUnit> savedFiles) {
    }
}
