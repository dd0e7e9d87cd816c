/**
 * The wire model (envelope, message types, payloads), the {@link io.ghostide.realtime.messaging.MessageRouter}
 * that publishes to a session through the message broker, the STOMP configuration, and the
 * dispatch of client commands to the features that implement them.
 */
@NullMarked
package io.ghostide.realtime.messaging;

import org.jspecify.annotations.NullMarked;
