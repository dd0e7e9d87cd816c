package io.ghostide.realtime.security;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 421 to a request whose {@code Host} is not a loopback name or address (or one of
 * {@code ghostide.security.allowed-hosts}) while the server is bound to loopback: a web page
 * that rebinds its own DNS name to 127.0.0.1 sends its own name as {@code Host}, and so is
 * refused on every path, REST and WebSocket upgrades alike, in any mode. On another bind
 * address the check applies only when allowed hosts are configured.
 */
final class HostAllowlistFilter extends OncePerRequestFilter {

    private static final int MISDIRECTED_REQUEST = 421;

    private final Set<String> allowedHosts;

    private final boolean enforced;

    private final ProblemResponses problems;

    HostAllowlistFilter(boolean boundToLoopback, Iterable<String> allowedHosts, ProblemResponses problems) {
        this.allowedHosts = java.util.stream.StreamSupport.stream(allowedHosts.spliterator(), false)
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.enforced = boundToLoopback || !this.allowedHosts.isEmpty();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (!this.enforced || host == null || allowed(hostName(host))) {
            chain.doFilter(request, response);
            return;
        }
        this.problems.write(request, response, MISDIRECTED_REQUEST, "Misdirected Request", "This server answers only"
                + " to loopback names and addresses (and ghostide.security.allowed-hosts), not to Host '"
                + abbreviate(host) + "'");
    }

    private boolean allowed(String name) {
        return this.allowedHosts.contains(name) || isLoopback(name);
    }

    /** The name of a Host header, without its port or an IPv6 literal's brackets, in lower case. */
    static String hostName(String host) {
        String value = host.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** localhost, a name under .localhost, or a literal loopback address; never resolves a name. */
    static boolean isLoopback(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        InetAddress address = literal(name);
        return address != null && address.isLoopbackAddress();
    }

    private static @Nullable InetAddress literal(String name) {
        boolean ipv4 = name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = name.contains(":") && name.matches("[0-9a-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            // a literal address is parsed, not looked up
            return InetAddress.getByName(name);
        }
        catch (IOException ex) {
            return null;
        }
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "…";
    }
}
