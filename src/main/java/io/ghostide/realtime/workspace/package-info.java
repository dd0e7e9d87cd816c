/**
 * Session files: the files an IDE session saves, stored with atomic writes and cluster-wide
 * limits behind {@code SessionFileStore} (on disk under a data directory, or in Redis when
 * several instances share them), served by {@code /api/v1/sessions/{id}/files} and the
 * {@code save_file} command, announced to the session ({@code file_saved}, {@code session_update}, the {@code on_save} hook)
 * and copied into the working directory of each run of that session.
 */
@NullMarked
package io.ghostide.realtime.workspace;

import org.jspecify.annotations.NullMarked;
