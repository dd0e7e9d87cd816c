package io.ghostide.realtime.messaging;

/**
 * Where a client command came from: the session it was sent to and the connection that sent it,
 * so a handler can publish to the session and reply to the connection, and the user it speaks for.
 */
public record CommandContext(String sessionId, String connectionId, String user) {
}
