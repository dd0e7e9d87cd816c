package io.ghostide.realtime.support;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link RedisServer} for a whole test class ({@code @RegisterExtension static}),
 * and what its tests opened against it (connections, logs, stores, instances on it and their
 * clients), closed when a test asks and at the end of the class at the latest, the last opened
 * first.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private @Nullable RedisServer server;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        this.server = RedisServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeOpened();
        if (this.server != null) {
            this.server.close();
            this.server = null;
        }
    }

    /** The running server. */
    public RedisServer server() {
        if (this.server == null) {
            throw new IllegalStateException("The Redis server is not running: register the extension as a static field");
        }
        return this.server;
    }

    /** Starts an instance in this JVM on the server, as {@link ServerInstance#redis}, closed with what the tests opened. */
    public ServerInstance instance(String nodeId, String... extra) {
        return track(ServerInstance.redis(server(), nodeId, extra));
    }

    /** Starts an instance in a process of its own on the server, as {@link ServerProcess#redis}, closed likewise. */
    public ServerProcess process(String nodeId, String... extra) {
        return track(ServerProcess.redis(server(), nodeId, extra));
    }

    /** Remembers {@code closeable}, opened by a test against the server, for {@link #closeOpened()}. */
    public <T extends AutoCloseable> T track(T closeable) {
        this.opened.add(closeable);
        return closeable;
    }

    /**
     * Closes what the tests opened, each on its own (a test may have stopped the server under
     * them), the last opened first: a client before the instance it is connected to.
     */
    public void closeOpened() {
        for (int i = this.opened.size() - 1; i >= 0; i--) {
            try {
                this.opened.get(i).close();
            }
            catch (Exception ex) {
                // closing a client of a Redis that is gone; the next test opens its own
            }
        }
        this.opened.clear();
    }
}
