package io.ghostide.realtime.limits;

import java.net.InetSocketAddress;
import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who a client is for the limits that are per user: the authenticated user's name when there
 * is one, else the client's address (every anonymous client on one address is one user).
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    /** The key of a REST call's client. */
    public static String of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal != null ? user(principal.getName()) : address(request.getRemoteAddr());
    }

    /**
     * The key of a WebSocket connection's client.
     *
     * @param authenticatedUser the authenticated user's name, or null when the connection is anonymous
     */
    public static String of(@Nullable String authenticatedUser, @Nullable InetSocketAddress remote) {
        if (authenticatedUser != null) {
            return user(authenticatedUser);
        }
        return address(remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "unknown");
    }

    private static String user(String name) {
        return "user:" + name;
    }

    private static String address(String address) {
        return "address:" + address;
    }
}
