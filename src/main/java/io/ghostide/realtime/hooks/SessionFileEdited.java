package io.ghostide.realtime.hooks;

/**
 * A file's text as it was stored after edits to it as a shared document. Not one of the IDE's
 * hooks (no {@code hook_triggered}: the session heard each edit as a {@code doc_update}), but an
 * application event beside them, so a feature that remembers files (Ghost) sees the current text.
 */
public record SessionFileEdited(String sessionId, String fileName, String language, String content) {
}
