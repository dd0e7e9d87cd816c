package io.ghostide.realtime.security;

import java.util.List;
import java.util.Objects;

import io.ghostide.realtime.connection.CloseReason;
import io.ghostide.realtime.connection.ConnectionPrincipal;
import io.ghostide.realtime.connection.ConnectionClosing;
import io.ghostide.realtime.connection.ConnectionRegistry;
import io.ghostide.realtime.connection.Transport;
import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandContext;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.messaging.SessionCommandHandler;
import io.ghostide.realtime.messaging.stomp.SessionUnsubscriber;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * {@code auth_refresh}: replaces the sending connection's token with a new one of the same user,
 * without a reconnect. The new token is verified by the same {@link JwtDecoder} as at the
 * upgrade; once it is in the connection's principal every later frame is checked against it,
 * and the connection is unsubscribed from each session it no longer grants (a raw connection,
 * which is its one session, is then closed with 1008 {@code session_not_granted}). An invalid
 * token (401) or another user's (403) changes nothing: the old token stays in force until it
 * expires. In {@code none} mode connections hold no token, and the command is refused with 400.
 */
@Component
class AuthRefreshCommandHandler implements SessionCommandHandler<ClientCommands.AuthRefresh> {

    private static final String KEPT = "; this connection keeps its current token until it expires";

    private final SecurityProperties properties;

    private final ObjectProvider<JwtDecoder> jwtDecoder;

    private final ConnectionTokens tokens;

    private final SessionUnsubscriber unsubscriber;

    private final ConnectionRegistry registry;

    private final MessageRouter router;

    private final ConnectionClosing closing;

    AuthRefreshCommandHandler(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
            ConnectionTokens tokens, SessionUnsubscriber unsubscriber, ConnectionRegistry registry, MessageRouter router,
            ConnectionClosing closing) {
        this.properties = properties;
        this.jwtDecoder = jwtDecoder;
        this.tokens = tokens;
        this.unsubscriber = unsubscriber;
        this.registry = registry;
        this.router = router;
        this.closing = closing;
    }

    @Override
    public MessageType type() {
        return MessageType.AUTH_REFRESH;
    }

    @Override
    public void handle(CommandContext context, ClientCommands.AuthRefresh payload) {
        if (this.properties.mode() != SecurityProperties.Mode.JWT) {
            throw new CommandRejectedException(400, "No token to refresh", "This server runs with"
                    + " ghostide.security.mode=none: its connections carry no token, so there is none to replace");
        }
        String connectionId = context.connectionId();
        Caller next;
        try {
            next = CallerClaims.callerOf(this.jwtDecoder.getObject().decode(payload.token()));
        }
        catch (JwtException ex) {
            throw new CommandRejectedException(401, "Invalid token", ex.getMessage() + KEPT);
        }
        switch (this.tokens.refresh(connectionId, next)) {
            case REFRESHED -> {
            }
            case OTHER_USER -> throw new CommandRejectedException(403, "Forbidden",
                    "The new token names another user than this connection's" + KEPT);
            case EXPIRED, NO_TOKEN -> throw new CommandRejectedException(401, "Token expired",
                    "This connection's token is over: reconnect with a fresh one");
        }
        ConnectionPrincipal principal = Objects.requireNonNull(this.tokens.principalOf(connectionId));
        List<String> left = this.unsubscriber.unsubscribeFromSessions(connectionId, principal,
                sessionId -> !next.covers(sessionId));
        this.router.publishToConnection(connectionId, context.sessionId(), MessageType.AUTH_REFRESHED,
                new Payloads.AuthRefreshed(Objects.requireNonNull(next.expiresAt()), next.role().claimValue()));
        for (String sessionId : left) {
            this.router.publishToConnection(connectionId, sessionId, MessageType.ERROR, new Payloads.Error("Session left",
                    "The new token does not grant session " + sessionId + ": this connection was unsubscribed from it",
                    403));
        }
        if (!left.isEmpty() && this.registry.transportOf(connectionId) == Transport.RAW) {
            // a raw connection serves its one session and cannot subscribe again: nothing is left for it
            this.closing.disconnect(connectionId, left.get(0), CloseReason.SESSION_NOT_GRANTED);
        }
    }
}
