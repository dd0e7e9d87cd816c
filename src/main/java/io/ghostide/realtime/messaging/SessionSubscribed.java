package io.ghostide.realtime.messaging;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * A connection's subscription to a session's topic exists now (raw or STOMP): what it
 * publishes from here on, it receives. Published once the broker has handled the SUBSCRIBE.
 *
 * @param connectionId the connection
 * @param sessionId the session
 * @param user the connection's principal
 */
public record SessionSubscribed(String connectionId, String sessionId, @Nullable Principal user) {
}
