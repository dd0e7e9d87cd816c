/**
 * The wire model (envelope, message types, payloads, destinations) and the
 * {@link io.ghostide.realtime.messaging.MessageRouter} that publishes to a session through the
 * session log and the message broker, with the seams features implement: a
 * {@link io.ghostide.realtime.messaging.SessionCommandHandler} per client command, and the
 * source of {@code session_state}. Its sub-packages hold the rest by role: {@code stomp} the
 * STOMP endpoint and the broker both transports share, {@code resume} the start of a
 * subscription (position, replay, then live), {@code command} the dispatch of client commands,
 * {@code shutdown} the disconnects when the instance stops, and {@code raw} the plain-JSON adapter.
 */
@NullMarked
package io.ghostide.realtime.messaging;

import org.jspecify.annotations.NullMarked;
