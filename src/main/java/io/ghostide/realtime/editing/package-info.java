/**
 * Shared editing: every session file is also a document that many editors change at once, with
 * this server as the one authority in the model of CodeMirror's {@code @codemirror/collab}. The
 * authority keeps each open document's text and version, takes a {@code doc_push} only when it
 * was made on the current version (an editor behind rebases on the {@code doc_update}s it
 * hears), publishes what it took on the session with a {@code seq}, and stores the text in the
 * session's files: within the persist delay in {@code local} mode ({@link
 * io.ghostide.realtime.editing.DocumentAuthority}), at once in Redis, shared by every instance, in
 * {@code redis} mode ({@link io.ghostide.realtime.editing.RedisDocumentAuthority}).
 * {@code awareness} (where a user's cursor is) passes through to the session without a
 * {@code seq}.
 */
@NullMarked
package io.ghostide.realtime.editing;

import org.jspecify.annotations.NullMarked;
