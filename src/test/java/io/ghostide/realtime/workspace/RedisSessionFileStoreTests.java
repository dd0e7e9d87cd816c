package io.ghostide.realtime.workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file store contract against the Redis store and a real {@code redis-server}; each test
 * starts from an empty Redis, as the local store's tests start from an empty directory.
 */
class RedisSessionFileStoreTests extends SessionFileStoreContractTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    private static RedisServer redis() {
        return redisServer.server();
    }

    @Override
    protected SessionFileStore createStore(WorkspaceProperties properties) {
        redis().command("FLUSHALL");
        RedisTestConnections connections = RedisTestConnections.open(redis());
        redisServer.track(connections);
        return new RedisSessionFileStore(connections.connections(), new RedisKeys("test:"), properties, new SessionFileNames(128));
    }

    @Test
    void aRedisAtItsMemoryLimitRefusesWith507WithoutLosingWhatItHas() throws Exception {
        SessionFileStore store = createStore(new WorkspaceProperties(Path.of("unused"), DataSize.ofMegabytes(8), 128, 200,
                DataSize.ofMegabytes(64), DataSize.ofGigabytes(1), 100));
        Instant now = Instant.now();
        store.save("kept", "small.txt", "kept".getBytes(StandardCharsets.UTF_8), null, now);
        assertThat(redis().command("CONFIG SET maxmemory 2mb")).isEqualTo("+OK");
        try {
            assertThatThrownBy(() -> store.save("big", "big.txt", new byte[4 * 1024 * 1024], null, now))
                    .isInstanceOfSatisfying(SessionFileException.class, ex -> {
                        assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
                        assertThat(ex.detail()).contains("maxmemory");
                    });
        }
        finally {
            redis().command("CONFIG SET maxmemory 0");
        }
        assertThat(store.list("big")).isEmpty();
        assertThat(store.read("kept", "small.txt").orElseThrow().bytes()).isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void closeStores() {
        redisServer.closeOpened();
    }
}
