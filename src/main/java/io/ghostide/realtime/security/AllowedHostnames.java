package io.ghostide.realtime.security;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The host names the server answers to, for the firewall's {@code setAllowedHostnames}: loopback
 * names and addresses and {@code ghostide.security.allowed-hosts}. A web page that rebinds its own
 * DNS name to 127.0.0.1 sends its own name as {@code Host}, which is none of these.
 */
final class AllowedHostnames implements Predicate<String> {

    // lower case, as the Host header is compared
    private final Set<String> configured;

    AllowedHostnames(List<String> configured) {
        this.configured = configured.stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code serverName}, the request's host name without its port, is one the server answers to. */
    @Override
    public boolean test(@Nullable String serverName) {
        if (serverName == null) {
            return true;
        }
        String name = unbracketed(serverName.trim().toLowerCase(Locale.ROOT));
        return this.configured.contains(name) || isLoopback(name);
    }

    private static String unbracketed(String name) {
        // the container may keep an IPv6 literal's brackets
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
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
}
