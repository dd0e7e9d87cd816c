package io.ghostide.realtime.connection;

import java.security.Principal;
import java.util.Objects;

import io.ghostide.realtime.identity.Caller;
import io.ghostide.realtime.identity.CallerHolder;

/**
 * The identity each WebSocket connection gets at the handshake: a name of its own, so that
 * {@code /user/queue/replies} reaches exactly that connection, and the {@link Caller} the
 * upgrade request was authenticated as (or a STOMP CONNECT frame, later).
 * <p>
 * The caller is the one mutable part, on purpose: Spring keeps a connection's principal for the
 * connection's life (the handshake's, or the one set on STOMP CONNECT) and puts that same object
 * on every later frame, and every access check reads the caller from it. A refreshed token is
 * therefore put in here, and from then on every frame of the connection carries it.
 */
public final class ConnectionPrincipal implements Principal, CallerHolder {

    private final String name;

    private volatile Caller caller;

    public ConnectionPrincipal(String name, Caller caller) {
        this.name = name;
        this.caller = caller;
    }

    public String name() {
        return this.name;
    }

    @Override
    public Caller caller() {
        return this.caller;
    }

    /**
     * Puts a refreshed token's caller in place of the current one; it must name the same user,
     * since the connection's presence, shares and runs are that user's.
     *
     * @throws IllegalArgumentException when {@code next} names another user
     */
    public void replaceCaller(Caller next) {
        if (!Objects.equals(next.user(), this.caller.user())) {
            throw new IllegalArgumentException("A connection's caller can be replaced only by one of the same user");
        }
        this.caller = next;
    }

    @Override
    public String getName() {
        return this.name;
    }

    @Override
    public String toString() {
        return "ConnectionPrincipal[" + this.name + "]";
    }
}
