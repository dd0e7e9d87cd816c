package io.ghostide.realtime.connection;

import java.security.Principal;

/**
 * The identity each WebSocket connection gets at the handshake, one per connection, so that
 * {@code /user/queue/replies} reaches exactly that connection. Authentication replaces it later.
 */
public record ConnectionPrincipal(String name) implements Principal {

    @Override
    public String getName() {
        return this.name;
    }
}
