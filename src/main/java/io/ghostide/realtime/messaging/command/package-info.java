/**
 * The dispatch of client commands, from STOMP SENDs to {@code /app/session/{id}} and raw text
 * frames alike: each frame is parsed, checked against the connection's rate limits and its
 * caller's permissions, bound and validated, and handed to the feature's
 * {@link io.ghostide.realtime.messaging.SessionCommandHandler} for its type. Whatever is wrong
 * is answered with an {@code error} to the sending connection alone, which stays open.
 */
@NullMarked
package io.ghostide.realtime.messaging.command;

import org.jspecify.annotations.NullMarked;
