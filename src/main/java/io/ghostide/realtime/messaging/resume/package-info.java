/**
 * How a subscription to a session topic starts, on either transport: its live messages are
 * held while the broker adds it, then the client gets the session's position, the replay of
 * what it missed since the {@code seq} it names (or the {@code session_state} it asks for), and
 * only then the live messages after that {@code seq}, with no gap and no duplicate between
 * replay and live. The inbound channel's interceptor starts it; the outbound channel's
 * interceptor keeps the gate.
 */
@NullMarked
package io.ghostide.realtime.messaging.resume;

import org.jspecify.annotations.NullMarked;
