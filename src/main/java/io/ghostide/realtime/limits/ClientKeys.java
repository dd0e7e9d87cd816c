package io.ghostide.realtime.limits;

import java.net.InetSocketAddress;

import io.ghostide.realtime.identity.CallerHolder;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who a client is for the limits that are per user: the user a verified token names when there
 * is one, else the client's address (every anonymous client on one address is one user).
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    /** The key of a REST call's client. */
    public static String of(HttpServletRequest request) {
        String user = CallerHolder.callerOf(request.getUserPrincipal()).verifiedUser();
        return user != null ? user(user) : address(request.getRemoteAddr());
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
