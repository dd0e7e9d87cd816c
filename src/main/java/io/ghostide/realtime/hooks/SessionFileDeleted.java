package io.ghostide.realtime.hooks;

/**
 * A file of the session was deleted. Not one of the IDE's hooks (no {@code hook_triggered} is
 * sent; the session hears {@code session_update} {@code file_deleted}), but an application event
 * beside them, so a feature that remembers files (Ghost) forgets it without knowing the workspace.
 */
public record SessionFileDeleted(String sessionId, String fileName) {
}
