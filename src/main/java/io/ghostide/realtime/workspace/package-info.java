/**
 * Session files: the files an IDE session saves, stored on disk under a data directory with
 * atomic writes, served by {@code /api/v1/sessions/{id}/files} and the {@code save_file} command,
 * announced to the session ({@code file_saved}, {@code session_update}, the {@code on_save} hook)
 * and copied into the working directory of each run of that session.
 */
@NullMarked
package io.ghostide.realtime.workspace;

import org.jspecify.annotations.NullMarked;
