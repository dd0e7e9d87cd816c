package io.ghostide.realtime.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import io.ghostide.realtime.identity.CallerHolder;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who a client is for the limits that are per user: the user a verified token names when there
 * is one, else the client's address (every anonymous client on one address is one user). Every
 * loopback address is one key, {@code address:loopback}: a local client can bind any source
 * address in 127.0.0.0/8 (and {@code ::1}), so keyed by address it would have as many shares and
 * buckets as it liked. The price: behind a reverse proxy on the same host every anonymous client
 * is that one key; give such clients tokens ({@code jwt} mode keys by user) or raise the limits.
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    /** The key of a REST call's client. */
    public static String of(HttpServletRequest request) {
        String user = CallerHolder.callerOf(request.getUserPrincipal()).verifiedUser();
        if (user != null) {
            return user(user);
        }
        try {
            // a literal address from the container: no lookup is made
            return address(InetAddress.getByName(request.getRemoteAddr()));
        }
        catch (UnknownHostException ex) {
            return "address:" + request.getRemoteAddr();
        }
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
        return remote != null && remote.getAddress() != null ? address(remote.getAddress()) : "address:unknown";
    }

    private static String user(String name) {
        return "user:" + name;
    }

    private static String address(InetAddress address) {
        return address.isLoopbackAddress() ? "address:loopback" : "address:" + address.getHostAddress();
    }
}
