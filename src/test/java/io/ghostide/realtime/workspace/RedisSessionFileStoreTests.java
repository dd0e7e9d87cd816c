package io.ghostide.realtime.workspace;

import java.util.ArrayList;
import java.util.List;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.RedisTestConnections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The file store contract against the Redis store and a real {@code redis-server}; each test
 * starts from an empty Redis, as the local store's tests start from an empty directory.
 */
class RedisSessionFileStoreTests extends SessionFileStoreContractTests {

    private static RedisServer redis;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected SessionFileStore createStore(WorkspaceProperties properties) {
        redis.command("FLUSHALL");
        RedisTestConnections connections = RedisTestConnections.open(redis);
        this.opened.add(connections);
        return new RedisSessionFileStore(connections.connections(), new RedisKeys("test:"), properties, new SessionFileNames(128));
    }

    @Override
    protected void closeStores() {
        for (AutoCloseable closeable : this.opened) {
            try {
                closeable.close();
            }
            catch (Exception ex) {
                // best effort: the next test opens its own
            }
        }
        this.opened.clear();
    }
}
