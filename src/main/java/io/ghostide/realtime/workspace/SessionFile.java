package io.ghostide.realtime.workspace;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * What is known of one stored file, as the files endpoints return it. {@code fileId} is derived
 * from the session and the name, so it stays the same across saves and server restarts.
 */
record SessionFile(String fileId, String fileName, String language, long size, Instant savedAt) {

    static String fileId(String sessionId, String fileName) {
        return UUID.nameUUIDFromBytes((sessionId + '\0' + fileName).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
