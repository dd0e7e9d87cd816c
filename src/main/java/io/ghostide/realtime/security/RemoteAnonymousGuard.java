package io.ghostide.realtime.security;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start in {@code none} mode on an address other than loopback, where anyone who
 * reaches the server could run code, unless {@code ghostide.security.allow-remote-anonymous}
 * says an authenticating proxy stands in front.
 */
@Component
class RemoteAnonymousGuard implements InitializingBean {

    private final SecurityProperties properties;

    private final Environment environment;

    RemoteAnonymousGuard(SecurityProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** Throws when {@code none} mode would serve more than loopback, naming the properties that fix it. */
    @Override
    public void afterPropertiesSet() {
        if (this.properties.mode() == SecurityProperties.Mode.NONE && !this.properties.allowRemoteAnonymous()
                && !ServerAddress.isLoopback(this.environment)) {
            throw new IllegalStateException("ghostide.security.mode=none lets anyone who reaches the server run code,"
                    + " but server.address is '" + this.environment.getProperty("server.address", "")
                    + "', not a loopback address."
                    + " Set ghostide.security.mode=jwt, bind to 127.0.0.1, or set"
                    + " ghostide.security.allow-remote-anonymous=true if an authenticating proxy stands in front");
        }
    }
}
