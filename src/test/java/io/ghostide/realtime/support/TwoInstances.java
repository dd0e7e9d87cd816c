package io.ghostide.realtime.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A cluster for a test class, registered with {@code @RegisterExtension static}: one private
 * {@code redis-server} and two instances in {@code redis} mode on it, named {@code <prefix>-a}
 * and {@code <prefix>-b} and given the same extra properties, started before the class's tests
 * and closed after them.
 */
public final class TwoInstances implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;

    private final String[] properties;

    private RedisServer redis;

    private ServerInstance a;

    private ServerInstance b;

    private TwoInstances(String prefix, String[] properties) {
        this.prefix = prefix;
        this.properties = properties;
    }

    public static TwoInstances of(String prefix, String... properties) {
        return new TwoInstances(prefix, properties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        this.redis = RedisServer.start();
        this.a = ServerInstance.redis(this.redis, this.prefix + "-a", this.properties);
        this.b = ServerInstance.redis(this.redis, this.prefix + "-b", this.properties);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ServerInstance.closeQuietly(this.b, this.a, this.redis);
    }

    public RedisServer redis() {
        return this.redis;
    }

    public ServerInstance a() {
        return this.a;
    }

    public ServerInstance b() {
        return this.b;
    }
}
