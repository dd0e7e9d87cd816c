package io.ghostide.realtime.ghost;

import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.ghostide.realtime.support.Json.JSON;

/** Ghost's memory contract against the memory shared through a real {@code redis-server} ({@code redis} mode). */
class RedisGhostMemoryContractTests extends GhostMemoryContractTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    private final AtomicInteger prefixes = new AtomicInteger();

    // prefix of the sessions made last, whose counts heldBytes reads
    private String prefix = "";

    @Override
    protected GhostSessions createSessions(GhostProperties properties) {
        this.prefix = "ghost-contract-" + this.prefixes.incrementAndGet() + "-" + System.nanoTime() + ":";
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redisServer.server()));
        RedisGhostMemory memory = new RedisGhostMemory(connections.connections(), new RedisKeys(this.prefix),
                JSON, properties);
        return new GhostSessions(memory, properties.maxSessions(), properties.maxMemory().toBytes());
    }

    @Override
    protected long heldBytes(GhostSessions sessions) {
        String reply = redisServer.server().command("GET " + this.prefix + "ghost:total");
        return Long.parseLong(reply.replaceAll("[^0-9-]", ""));
    }

    @AfterEach
    void closeConnections() {
        redisServer.closeOpened();
    }
}
