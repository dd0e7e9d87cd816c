package io.ghostide.realtime.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transcript store contract against the transcripts shared through a real {@code redis-server} ({@code redis} mode). */
class RedisTranscriptStoreTests extends TranscriptStoreContractTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    private final AtomicInteger prefixes = new AtomicInteger();

    @Override
    protected TranscriptStore createStore(RunControlProperties properties) {
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redisServer.server()));
        RedisTranscriptStore store = new RedisTranscriptStore(connections.connections(),
                new RedisKeys("transcripts-" + this.prefixes.incrementAndGet() + "-" + System.nanoTime() + ":"),
                properties, Duration.ofMinutes(6), Clock.systemUTC());
        redisServer.track(store::destroy);
        return store;
    }

    @Override
    protected int bytesPerCharacter() {
        return 1;
    }

    @AfterEach
    void closeConnections() {
        redisServer.closeOpened();
    }
}
