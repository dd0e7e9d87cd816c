/**
 * The wire model (envelope, message types, payloads), the {@link io.ghostide.realtime.messaging.MessageRouter}
 * that publishes to a session through the message broker, and the dispatch of client commands
 * to the features that implement them. The STOMP endpoint and the broker are in
 * {@code messaging.stomp}, the start of a subscription (position, replay, then live) in
 * {@code messaging.resume}, the disconnects at shutdown in {@code messaging.shutdown}.
 */
@NullMarked
package io.ghostide.realtime.messaging;

import org.jspecify.annotations.NullMarked;
