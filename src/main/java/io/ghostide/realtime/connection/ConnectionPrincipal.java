package io.ghostide.realtime.connection;

import java.security.Principal;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;

/**
 * The identity each WebSocket connection gets at the handshake: a name of its own, so that
 * {@code /user/queue/replies} reaches exactly that connection, and the {@link Caller} the
 * upgrade request was authenticated as (or a STOMP CONNECT frame, later).
 */
public record ConnectionPrincipal(String name, Caller caller) implements Principal, CallerHolder {

    @Override
    public String getName() {
        return this.name;
    }
}
