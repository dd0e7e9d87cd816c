package io.ghostide.realtime.snapshot;

import java.time.Instant;
import java.util.List;

import io.ghostide.realtime.messaging.Payloads;

/**
 * The {@code data} of {@code session_state}.
 *
 * @param epoch the history the {@code seq} belongs to
 * @param seq the last session message the state includes
 * @param files the stored files, by name
 * @param runs the retained runs, newest first
 * @param users who is present, as the {@code presence} command lists them
 */
record SessionStateData(String epoch, long seq, List<FileData> files, List<RunData> runs,
        List<Payloads.PresentUser> users) {

    /**
     * One file.
     *
     * @param version how many updates it has taken as a shared document (0 if never edited as one)
     * @param size bytes of its text at {@code version} (the stored bytes when it is not open as a document)
     */
    record FileData(String fileName, String language, long version, long size, Instant savedAt) {
    }

    /**
     * One run.
     *
     * @param status {@code running}, or the status of its result once it ended
     * @param transcriptNext how many events its transcript holds at {@code seq}: read the transcript
     *        up to there, then apply the run's later {@code execution_output} and {@code execution_input}
     */
    record RunData(String executionId, String status, String language, Instant startedAt, int transcriptNext) {
    }
}
