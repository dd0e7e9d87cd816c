/**
 * The plain-JSON WebSocket adapter at {@code /ws/{sessionId}}. Each raw connection is driven
 * as a STOMP session on the broker's client channels: it subscribes to its session's topic and
 * to its own replies, and its frames become SENDs to {@code /app/session/{id}}. So raw clients
 * ride the same broker path as STOMP clients and need no second fan-out list.
 */
@NullMarked
package io.ghostide.realtime.messaging.raw;

import org.jspecify.annotations.NullMarked;
