package io.ghostide.realtime.snapshot;

import java.time.Duration;
import java.time.Instant;

import io.ghostide.realtime.presence.PresenceEntry;

/** What one session message changes in a session's state; messages that change nothing have none. */
sealed interface StateChange {

    void applyTo(SessionContents contents, Duration runRetention);

    /** {@code file_saved}. */
    record FileSaved(String fileName, String language, Instant savedAt) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.saveFile(this.fileName, this.language, this.savedAt);
        }
    }

    /** {@code session_update} {@code file_added} or {@code file_updated}: what the save stored. */
    record FileDescribed(String fileName, String language, long size, Instant savedAt) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.describeFile(this.fileName, this.language, this.size, this.savedAt);
        }
    }

    /** {@code session_update} {@code file_deleted}. */
    record FileDeleted(String fileName) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.files.remove(this.fileName);
        }
    }

    /** {@code doc_update}: the document's version after the updates. */
    record DocumentUpdated(String fileName, long version, Instant at) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.updateDocument(this.fileName, this.version, this.at);
        }
    }

    /** {@code execution_start}. */
    record RunStarted(String executionId, String language, Instant at) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.startRun(this.executionId, this.language, this.at, runRetention);
        }
    }

    /** {@code execution_output}, or an {@code execution_input} with text: one transcript event. */
    record TranscriptEvent(String executionId) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.countTranscriptEvent(this.executionId);
        }
    }

    /** {@code execution_complete} (the result's status), or {@code execution_error} of a started run. */
    record RunEnded(String executionId, String status, Instant at) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.endRun(this.executionId, this.status, this.at);
        }
    }

    /** {@code presence_join}. */
    record Joined(PresenceEntry entry) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.connections.putIfAbsent(this.entry.connectionId(), this.entry);
        }
    }

    /** {@code presence_leave}. */
    record Left(String connectionId) implements StateChange {

        @Override
        public void applyTo(SessionContents contents, Duration runRetention) {
            contents.connections.remove(this.connectionId);
        }
    }
}
