package io.ghostide.realtime.sessionlog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.support.RedisServer;
import io.ghostide.realtime.support.RedisServerExtension;
import io.ghostide.realtime.support.RedisTestConnections;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The session log contract against the Redis log and a real {@code redis-server}, and what only
 * a shared log has to get right: several instances, lost pub/sub messages, Redis going away.
 */
class RedisSessionLogTests extends SessionLogContractTests {

    @RegisterExtension
    static final RedisServerExtension redisServer = new RedisServerExtension();

    private static RedisServer redis() {
        return redisServer.server();
    }

    @Override
    protected SessionLog createLog(SessionLogListener listener, SessionLogProperties properties) {
        RedisTestConnections connections = RedisTestConnections.open(redis());
        RedisSessionLog log = new RedisSessionLog(connections.connections(), new RedisKeys("test:"), listener, properties,
                sessionId -> true, Duration.ofSeconds(30), new SimpleMeterRegistry());
        redisServer.track(() -> {
            log.destroy();
            connections.close();
        });
        return log;
    }

    @Override
    protected void closeLogs() {
        redisServer.closeOpened();
    }

    /**
     * Every session's history together stays within {@code total-history-bytes} in Redis, as in
     * the in-process log: the least recently published sessions are trimmed, keep their epoch
     * and answer a resume from before what is left with {@code recovered: false}; publishes go on.
     */
    @Test
    void everyHistoryTogetherStaysWithinTheTotalBudget() {
        String prefix = "budget-" + System.nanoTime() + ":";
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redis()));
        SessionLogProperties properties = new SessionLogProperties(2000, DataSize.ofMegabytes(8), Duration.ofMinutes(10),
                DataSize.ofKilobytes(64), Duration.ofHours(1), 50_000);
        RedisSessionLog log = new RedisSessionLog(connections.connections(), new RedisKeys(prefix), (session, seq, json) -> { },
                properties, sessionId -> true, Duration.ofSeconds(30), new SimpleMeterRegistry());
        redisServer.track(log::destroy);
        String text = "x".repeat(1000);
        String firstEpoch = log.read("budget-0", null).epoch();
        for (int i = 0; i < 200; i++) {
            log.append("budget-" + i, envelope(text));
            log.append("budget-" + i, envelope(text));
        }
        long total = Long.parseLong(redis().command("GET " + prefix + "{history}:total").replaceAll("[^0-9-]", ""));
        assertThat(total).isLessThanOrEqualTo(DataSize.ofKilobytes(64).toBytes() + 2 * 1100);
        assertThat(streamBytes(prefix, 200)).isLessThanOrEqualTo(DataSize.ofKilobytes(64).toBytes() + 2 * 1100);
        // the newest session resumes; the oldest kept its epoch but not its history
        assertThat(log.read("budget-199", new ResumePoint(0, log.read("budget-199", null).epoch())).recovered()).isTrue();
        LogSnapshot oldest = log.read("budget-0", new ResumePoint(0, firstEpoch));
        assertThat(oldest.epoch()).isEqualTo(firstEpoch);
        assertThat(oldest.recovered()).isFalse();
        assertThat(log.append("budget-0", envelope(text))).isEqualTo(3);
    }

    // the bytes of the envelopes the sessions' streams really hold, read back with XRANGE
    private long streamBytes(String prefix, int sessions) {
        long bytes = 0;
        RedisTestConnections connections = redisServer.track(RedisTestConnections.open(redis()));
        for (int i = 0; i < sessions; i++) {
            for (var entry : connections.connections().commands().xrange(
                    RedisKeys.bytes(prefix + "session:{budget-" + i + "}:log"), io.lettuce.core.Range.create("-", "+"))) {
                bytes += entry.getBody().values().iterator().next().length;
            }
        }
        return bytes;
    }

    @Test
    void twoInstancesDeliverEveryEntryInOneSharedOrder() throws Exception {
        List<String> onA = new CopyOnWriteArrayList<>();
        List<String> onB = new CopyOnWriteArrayList<>();
        SessionLog a = createLog((session, seq, json) -> onA.add(new String(json, StandardCharsets.UTF_8)), defaults());
        SessionLog b = createLog((session, seq, json) -> onB.add(new String(json, StandardCharsets.UTF_8)), defaults());
        String session = newSession();
        a.read(session, null);
        b.read(session, null);
        Thread publisherA = new Thread(() -> { for (int i = 0; i < 200; i++) { a.append(session, envelope("a" + i)); } });
        Thread publisherB = new Thread(() -> { for (int i = 0; i < 200; i++) { b.append(session, envelope("b" + i)); } });
        publisherA.start();
        publisherB.start();
        publisherA.join();
        publisherB.join();
        await().atMost(DELIVERY_TIMEOUT).until(() -> onA.size() == 400 && onB.size() == 400);
        assertThat(onA).isEqualTo(onB);
        for (int i = 0; i < 400; i++) {
            assertThat(seqIn(onA.get(i).getBytes(StandardCharsets.UTF_8))).isEqualTo(i + 1);
        }
    }

    @Test
    void aClientResumesFromAnotherInstancesLog() {
        SessionLog a = createLog((session, seq, json) -> { }, defaults());
        SessionLog b = createLog((session, seq, json) -> { }, defaults());
        String session = newSession();
        String epoch = a.read(session, null).epoch();
        for (int i = 1; i <= 9; i++) {
            a.append(session, envelope("m" + i));
        }
        LogSnapshot onB = b.read(session, new ResumePoint(4, epoch));
        assertThat(onB.epoch()).isEqualTo(epoch);
        assertThat(onB.recovered()).isTrue();
        assertThat(onB.missed()).extracting(SessionLogContractTests::seqIn).containsExactly(5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aLostPubSubConnectionIsFilledFromTheStream() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        SessionLog reader = createLog((session, seq, json) -> seen.add(seq), defaults());
        SessionLog writer = createLog((session, seq, json) -> { }, defaults());
        String session = newSession();
        reader.read(session, null);
        writer.append(session, envelope("before"));
        await().atMost(DELIVERY_TIMEOUT).until(() -> seen.size() == 1);
        // drop every pub/sub connection: what is published before Lettuce re-subscribes is lost
        // on the channel and must come from the stream
        assertThat(redis().command("CLIENT KILL TYPE pubsub")).startsWith(":");
        for (int i = 0; i < 50; i++) {
            writer.append(session, envelope("during" + i));
        }
        await().atMost(DELIVERY_TIMEOUT).until(() -> seen.size() == 51);
        assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList());
    }

    @Test
    void anAppendFailedWhileRedisIsDownLeavesNoTrace() {
        SessionLog log = createLog();
        String session = newSession();
        assertThat(log.append(session, envelope("one"))).isEqualTo(1);
        awaitDelivered(session, 1);
        String epoch = log.read(session, null).epoch();
        redis().command("SAVE");
        redis().kill();
        assertThatThrownBy(() -> log.append(session, envelope("lost"))).isInstanceOf(SharedStateUnavailableException.class);
        redis().restart();
        // the saved data came back with Redis: the same epoch, and the failed append left no trace
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> log.append(session, envelope("two")) == 2);
        LogSnapshot snapshot = log.read(session, new ResumePoint(0, epoch));
        assertThat(snapshot.epoch()).isEqualTo(epoch);
        assertThat(snapshot.recovered()).isTrue();
        assertThat(snapshot.missed()).extracting(SessionLogContractTests::seqIn).containsExactly(1L, 2L);
        awaitDelivered(session, 2);
        assertThat(deliveredTo(session)).extracting(Delivered::seq).containsExactly(1L, 2L);
    }

    @Test
    void aRestartThatLosesTheDataStartsANewEpoch() {
        SessionLog log = createLog();
        String session = newSession();
        log.append(session, envelope("one"));
        String epoch = log.read(session, null).epoch();
        redis().restart();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> log.append(session, envelope("x")) == 1);
        LogSnapshot snapshot = log.read(session, new ResumePoint(1, epoch));
        assertThat(snapshot.epoch()).isNotEqualTo(epoch);
        assertThat(snapshot.recovered()).isFalse();
    }

    private static SessionLogProperties defaults() {
        return bounds(2000, DataSize.ofMegabytes(8));
    }
}
