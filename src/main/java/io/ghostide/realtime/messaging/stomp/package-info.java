/**
 * STOMP over WebSocket at {@code /stomp} and the message broker both transports share: the
 * configuration of the simple broker and the client channels, the checks of a client's frames
 * before anything acts on them, the broker's subscription registry and its fan-out of each
 * session message, made once per publish, to every subscriber's connection writer, and the
 * UNSUBSCRIBE the server sends on a connection's behalf. Every patch to Spring's WebSocket and
 * messaging parts is in {@link io.ghostide.realtime.messaging.stomp.FrameworkPatches}, whose
 * Javadoc names what each works around; the rest uses Spring's extension points as they are
 * (error frames in the project's words; the RECEIPT the simple broker does not send, answered in
 * {@code messaging.resume} once the subscription exists). A start-up check refuses any channel
 * setting that could reorder a session's messages.
 */
@NullMarked
package io.ghostide.realtime.messaging.stomp;

import org.jspecify.annotations.NullMarked;
