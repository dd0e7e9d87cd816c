/**
 * Ghost AI, the IDE's assistant: it answers {@code ghost_chat} and {@code POST /api/v1/ghost/chat/{id}},
 * and reacts to the session's hooks (advice on every {@code on_error}, remarks on {@code on_run}
 * and {@code on_save}). Answers stream from a provider, either the offline one that reads the
 * actual error and the session's code, or any OpenAI-compatible chat completions server, and
 * reach the session bracketed by {@code ai_typing}, as {@code ai_response_chunk}s and one
 * {@code ai_response}, or one {@code ai_error}. What Ghost remembers of a session is kept in
 * this process, or in Redis when several instances share it. The offline advice on errors
 * lives in {@code ghost.advice}.
 */
@NullMarked
package io.ghostide.realtime.ghost;

import org.jspecify.annotations.NullMarked;
