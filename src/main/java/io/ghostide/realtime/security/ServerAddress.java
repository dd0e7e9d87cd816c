package io.ghostide.realtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.core.env.Environment;

/** Whether {@code server.address} keeps the server on this machine: a loopback address, and nothing else. */
final class ServerAddress {

    private ServerAddress() {
    }

    /** Whether the server listens on a loopback address only; false when unset (every interface) or unknown. */
    static boolean isLoopback(Environment environment) {
        String address = environment.getProperty("server.address");
        if (address == null || address.isBlank()) {
            // unset: every interface
            return false;
        }
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }
}
