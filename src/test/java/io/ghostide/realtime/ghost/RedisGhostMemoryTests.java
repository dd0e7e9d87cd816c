package io.ghostide.realtime.ghost;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.messaging.ExecutionResult;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.RedisTestConnections;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ghost's memory in a real {@code redis-server}: what one instance records another reads back
 * whole, the bounds on history, files and sessions hold, and a Redis that is gone leaves Ghost
 * answering without memory instead of failing.
 */
class RedisGhostMemoryTests {

    private static final String PREFIX = "test:";

    private RedisServer redis;

    private RedisTestConnections first;

    private RedisTestConnections second;

    @BeforeEach
    void start() {
        this.redis = RedisServer.start();
        this.first = RedisTestConnections.open(this.redis);
        this.second = RedisTestConnections.open(this.redis);
    }

    @AfterEach
    void stop() {
        this.first.close();
        this.second.close();
        this.redis.close();
    }

    private RedisGhostMemory memory(RedisTestConnections connections, int historySize, int maxSessions) {
        GhostProperties properties = new GhostProperties(GhostProperties.Provider.OFFLINE, URI.create("http://127.0.0.1:1/v1"),
                "test-model", "", 0.3, 100, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), historySize,
                4, Duration.ZERO, Duration.ofMinutes(10), new GhostProperties.Reactions(true, true, Duration.ofMillis(100)),
                DataSize.ofKilobytes(256), maxSessions, DataSize.ofMegabytes(64),
                GhostResponderTestSupport.LOOSE_LIMITS);
        return new RedisGhostMemory(connections.connections(), new RedisKeys(PREFIX), JSON, properties);
    }

    @Test
    void whatOneInstanceRecordsAnotherReadsBackWhole() {
        SessionMemory onA = memory(this.first, 4, 100).apply("s1");
        SessionMemory onB = memory(this.second, 4, 100).apply("s1");
        onA.fileSaved(new GhostPrompt.CodeUnit("util.py", "python", "def f():\n    return 1 / 0\n"));
        ExecutionResult result = new ExecutionResult("", "ZeroDivisionError: division by zero\n", 1, 0.05, false,
                ExecutionResult.Status.RUNTIME_ERROR, false);
        onA.runStarted(new GhostPrompt.RunReport("run-1", "python", "import util\nutil.f()\n", null));
        onA.runFailed(new GhostPrompt.RunReport("run-1", "python", "import util\nutil.f()\n", result));
        onA.remember(turn(GhostPrompt.Turn.Role.USER, "why?"), turn(GhostPrompt.Turn.Role.ASSISTANT, "1 / 0"));

        GhostPrompt.SessionSnapshot snapshot = onB.snapshot();
        assertThat(snapshot.sessionId()).isEqualTo("s1");
        assertThat(snapshot.lastFailure()).isEqualTo(new GhostPrompt.RunReport("run-1", "python",
                "import util\nutil.f()\n", result));
        assertThat(snapshot.lastFailureIsLatest()).isTrue();
        assertThat(snapshot.current()).isEqualTo(new GhostPrompt.CodeUnit(null, "python", "import util\nutil.f()\n"));
        assertThat(snapshot.savedFiles()).containsOnlyKeys("util.py");
        assertThat(onB.history()).containsExactly(turn(GhostPrompt.Turn.Role.USER, "why?"),
                turn(GhostPrompt.Turn.Role.ASSISTANT, "1 / 0"));

        // a run started on B after the failure on A: the failure is no longer the latest
        onB.runStarted(new GhostPrompt.RunReport("run-2", "python", "print(1)\n", null));
        assertThat(onA.snapshot().lastFailureIsLatest()).isFalse();
        assertThat(this.redis.command("PTTL " + PREFIX + "ghost:{s1}:memory")).matches(":\\d+");
    }

    @Test
    void everythingRememberedIsBounded() {
        RedisGhostMemory memory = memory(this.first, 4, 3);
        SessionMemory session = memory.apply("bounded");
        for (int i = 0; i < 5; i++) {
            session.remember(turn(GhostPrompt.Turn.Role.USER, "q" + i), turn(GhostPrompt.Turn.Role.ASSISTANT, "a" + i));
        }
        assertThat(session.history()).extracting(GhostPrompt.Turn::content).containsExactly("q3", "a3", "q4", "a4");
        for (int i = 0; i < SessionMemory.MAX_REMEMBERED_FILES + 3; i++) {
            session.fileSaved(new GhostPrompt.CodeUnit("f" + i + ".py", "python", "x = " + i));
        }
        session.fileSaved(new GhostPrompt.CodeUnit("big.py", "python", "#".repeat(SessionMemory.MAX_REMEMBERED_FILE + 1)));
        GhostPrompt.SessionSnapshot snapshot = session.snapshot();
        assertThat(snapshot.savedFiles()).hasSize(SessionMemory.MAX_REMEMBERED_FILES).doesNotContainKeys("f0.py", "f3.py")
                .containsKeys("f4.py", "big.py");
        assertThat(snapshot.savedFiles().get("big.py").code()).isEmpty();

        for (String other : List.of("second", "third", "fourth")) {
            memory.apply(other).codeSent(new GhostPrompt.CodeUnit(null, "python", other));
        }
        // four sessions used, three kept: the least recently used one is forgotten
        assertThat(memory.apply("bounded").snapshot().savedFiles()).isEmpty();
        assertThat(memory.apply("bounded").history()).isEmpty();
        assertThat(memory.apply("fourth").snapshot().current().code()).isEqualTo("fourth");
    }

    /**
     * Two instances writing one session at once: the measure of one is taken before the other's
     * write and recorded after it. The budget keeps the later measure, so what it counts is what
     * the session holds, never less (a smaller stale count would let every session pass max-memory).
     */
    @Test
    void aStaleMeasureOfASessionWrittenThroughTwoInstancesIsNotCounted() {
        RedisKeys keys = new RedisKeys(PREFIX);
        memory(this.first, 4, 100).apply("race").remember(turn(GhostPrompt.Turn.Role.USER, "q"),
                turn(GhostPrompt.Turn.Role.ASSISTANT, "a"));
        byte[][] sessionKeys = { keys.ghostMemory("race"), keys.ghostFiles("race"), keys.ghostHistory("race") };
        // instance A has measured the session, and is slow to record it
        List<Long> staleMeasure = RedisConnections.Script.load("ghost-session-touch.lua").run(
                this.first.connections().commands(), ScriptOutputType.MULTI, sessionKeys, RedisKeys.bytes("600000"));
        // meanwhile B writes much more and records it
        memory(this.second, 4, 100).apply("race").remember(turn(GhostPrompt.Turn.Role.USER, "q".repeat(5000)),
                turn(GhostPrompt.Turn.Role.ASSISTANT, "a".repeat(5000)));
        RedisConnections.Script.load("ghost-sessions-touch.lua").run(this.first.connections().commands(),
                ScriptOutputType.MULTI, new byte[][] { keys.ghostSessions(), keys.ghostSizes(), keys.ghostTotal(),
                        keys.ghostMeasures() }, RedisKeys.bytes("race"), RedisKeys.bytes(staleMeasure.get(0).toString()),
                RedisKeys.bytes("600000"), RedisKeys.bytes("100"), RedisKeys.bytes("67108864"),
                RedisKeys.bytes(staleMeasure.get(1).toString()));
        long held = 0;
        RedisCommands<byte[], byte[]> redis = this.first.connections().commands();
        for (byte[] value : redis.hvals(keys.ghostMemory("race"))) {
            held += value.length;
        }
        for (byte[] value : redis.lrange(keys.ghostHistory("race"), 0, -1)) {
            held += value.length;
        }
        assertThat(held).isGreaterThan(10_000);
        assertThat(Long.parseLong(new String(redis.hget(keys.ghostSizes(), RedisKeys.bytes("race"))))).isEqualTo(held);
        assertThat(Long.parseLong(new String(redis.get(keys.ghostTotal())))).isEqualTo(held);
    }

    @Test
    void withoutRedisGhostAnswersWithoutMemory() {
        SessionMemory session = memory(this.first, 4, 100).apply("outage");
        session.codeSent(new GhostPrompt.CodeUnit(null, "python", "print(1)"));
        this.redis.kill();
        session.remember(turn(GhostPrompt.Turn.Role.USER, "q"), turn(GhostPrompt.Turn.Role.ASSISTANT, "a"));
        assertThat(session.history()).isEmpty();
        GhostPrompt.SessionSnapshot snapshot = session.snapshot();
        assertThat(snapshot.current()).isNull();
        assertThat(snapshot.savedFiles()).isEmpty();
    }

    private static GhostPrompt.Turn turn(GhostPrompt.Turn.Role role, String content) {
        return new GhostPrompt.Turn(role, content);
    }
}
