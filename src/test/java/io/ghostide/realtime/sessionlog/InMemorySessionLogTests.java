package io.ghostide.realtime.sessionlog;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on the in-process log, and what only it does: epochs per process, age, retention, the global cap. */
class InMemorySessionLogTests extends SessionLogContractTests {

    private final AtomicLong now = new AtomicLong();

    private final Set<String> inUse = ConcurrentHashMap.newKeySet();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected InMemorySessionLog createLog(SessionLogListener listener, SessionLogProperties properties) {
        return new InMemorySessionLog(listener, properties, this.inUse::contains, null, this.meters, this.now::get);
    }

    private static SessionLogProperties bounds(int size, DataSize bytes, Duration ttl, DataSize total, Duration retention) {
        return new SessionLogProperties(size, bytes, ttl, total, retention, 50_000);
    }

    /**
     * Sessions seen once (a loop of upgrades on new ids) keep at most {@code max-sessions}
     * counters: those without connections go, empty ones first; a forgotten one comes back in a
     * new epoch, so resuming there is {@code recovered: false}, and one with connections keeps its
     * epoch and seq.
     */
    @Test
    void pastMaxSessionsCountersWithoutConnectionsAreForgotten() {
        SessionLog log = createLog(new SessionLogProperties(2000, DataSize.ofMegabytes(8), Duration.ofMinutes(10),
                DataSize.ofMegabytes(256), Duration.ofHours(1), 100));
        this.inUse.add("live");
        String liveEpoch = log.read("live", null).epoch();
        log.append("live", envelope("kept"));
        log.append("quiet-with-history", envelope("kept too"));
        String quietEpoch = log.read("quiet-with-history", null).epoch();
        String firstChurnEpoch = log.read("churn-0", null).epoch();
        for (int i = 1; i < 1000; i++) {
            this.now.addAndGet(1_000_000);
            log.read("churn-" + i, null);
        }
        assertThat(((InMemorySessionLog) log).sessionCount()).isLessThanOrEqualTo(100);

        LogSnapshot live = log.read("live", new ResumePoint(0, liveEpoch));
        assertThat(live.epoch()).isEqualTo(liveEpoch);
        assertThat(live.recovered()).isTrue();
        assertThat(live.seq()).isEqualTo(1);
        // empty sessions went first: the one with a history is still there
        assertThat(log.read("quiet-with-history", new ResumePoint(1, quietEpoch)).recovered()).isTrue();
        LogSnapshot forgotten = log.read("churn-0", new ResumePoint(0, firstChurnEpoch));
        assertThat(forgotten.epoch()).isNotEqualTo(firstChurnEpoch);
        assertThat(forgotten.recovered()).isFalse();
    }

    @Test
    void aRestartStartsEverySessionInANewEpochThatOldPositionsDoNotResumeIn() {
        SessionLog before = createLog();
        before.append("restarted", envelope("a"));
        before.append("restarted", envelope("b"));
        String oldEpoch = before.read("restarted", null).epoch();

        SessionLog after = createLog();
        LogSnapshot fresh = after.read("restarted", new ResumePoint(0, oldEpoch));
        assertThat(fresh.epoch()).isNotEqualTo(oldEpoch);
        assertThat(fresh.recovered()).isFalse();
        assertThat(fresh.seq()).isZero();
        assertThat(after.append("restarted", envelope("c"))).isEqualTo(1);
    }

    @Test
    void aDeliveryThatFailsUsesUpNoSeq() {
        boolean[] fail = { true };
        SessionLog log = createLog((session, seq, json) -> {
            if (fail[0]) {
                throw new IllegalStateException("broker refused");
            }
        }, bounds(2000, DataSize.ofMegabytes(8)));
        assertThatThrownBy(() -> log.append("failing", envelope("x"))).isInstanceOf(IllegalStateException.class);
        fail[0] = false;
        assertThat(log.append("failing", envelope("y"))).isEqualTo(1);
        assertThat(log.read("failing", new ResumePoint(0, null)).missed()).hasSize(1);
    }

    @Test
    void aHistoryLastsItsAgeAfterTheLastPublishWhileTheCounterStays() {
        InMemorySessionLog log = createLog((s, q, j) -> { },
                bounds(2000, DataSize.ofMegabytes(8), Duration.ofMinutes(10), DataSize.ofMegabytes(256), Duration.ofHours(1)));
        log.append("aging", envelope("a"));
        this.now.addAndGet(Duration.ofMinutes(9).toNanos());
        log.append("aging", envelope("b"));
        String epoch = log.read("aging", null).epoch();
        this.now.addAndGet(Duration.ofMinutes(9).toNanos());
        log.housekeep();
        // 18 minutes after the first publish, 9 after the last: all of it is still there
        assertThat(log.read("aging", new ResumePoint(0, epoch)).missed()).hasSize(2);
        assertThat(log.totalBytes()).isPositive();

        this.now.addAndGet(Duration.ofMinutes(2).toNanos());
        log.housekeep();
        assertThat(log.totalBytes()).isZero();
        LogSnapshot gone = log.read("aging", new ResumePoint(0, epoch));
        assertThat(gone.recovered()).isFalse();
        assertThat(gone.epoch()).isEqualTo(epoch);
        assertThat(log.read("aging", new ResumePoint(2, epoch)).recovered()).isTrue();
        assertThat(log.append("aging", envelope("c"))).isEqualTo(3);
    }

    @Test
    void onlyIdleSessionsWithoutConnectionsStartOver() {
        InMemorySessionLog log = createLog((s, q, j) -> { },
                bounds(2000, DataSize.ofMegabytes(8), Duration.ofMinutes(10), DataSize.ofMegabytes(256), Duration.ofHours(1)));
        log.append("watched", envelope("w"));
        log.append("idle", envelope("i"));
        log.append("idle", envelope("i"));
        String idleEpoch = log.read("idle", null).epoch();
        String watchedEpoch = log.read("watched", null).epoch();
        this.inUse.add("watched");
        this.now.addAndGet(Duration.ofMinutes(59).toNanos());
        log.housekeep();
        assertThat(log.sessionCount()).isEqualTo(2);

        this.now.addAndGet(Duration.ofMinutes(2).toNanos());
        log.housekeep();
        assertThat(log.sessionCount()).isEqualTo(1);
        assertThat(log.read("watched", null).epoch()).isEqualTo(watchedEpoch);
        LogSnapshot restarted = log.read("idle", new ResumePoint(2, idleEpoch));
        assertThat(restarted.recovered()).isFalse();
        assertThat(restarted.epoch()).isNotEqualTo(idleEpoch);
        assertThat(log.append("idle", envelope("again"))).isEqualTo(1);
    }

    @Test
    void tenThousandFullHistoriesStayUnderTheGlobalCapLeastRecentlyPublishedFirst() {
        DataSize cap = DataSize.ofMegabytes(16);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();

        InMemorySessionLog log = createLog((s, q, j) -> { },
                bounds(40, DataSize.ofMegabytes(8), Duration.ofMinutes(10), cap, Duration.ofHours(1)));
        String halfKilobyte = "x".repeat(500);
        int sessions = 10_000;
        // full histories: 40 messages of about 600 bytes each (with overhead), 240 MB in all without the cap;
        // session after session, so the first ones are the least recently published
        long started = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            for (int message = 0; message < 40; message++) {
                this.now.incrementAndGet();
                log.append("cap-" + s, envelope(halfKilobyte));
            }
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        long kept = log.totalBytes();
        System.gc();
        long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;

        assertThat(kept).isLessThanOrEqualTo(cap.toBytes()).isGreaterThan(cap.toBytes() / 2);
        assertThat(this.meters.get("ghostide.resume.history.bytes").gauge().value()).isEqualTo((double) kept);
        assertThat(this.meters.get("ghostide.resume.history.evicted").counter().count()).isPositive();
        // the heap holds the kept envelopes and the 10,000 counters, not the 240 MB published
        assertThat(heapGrowth).isLessThan(cap.toBytes() * 2);
        // the most recently published sessions kept their whole history, the least recent lost theirs
        LogSnapshot recent = log.read("cap-9999", new ResumePoint(0, log.read("cap-9999", null).epoch()));
        assertThat(recent.recovered()).isTrue();
        assertThat(recent.missed()).hasSize(40);
        assertThat(log.read("cap-0", new ResumePoint(39, log.read("cap-0", null).epoch())).recovered()).isFalse();
        System.out.printf("global cap: %d sessions x 40 x 500 B published in %d ms, %d bytes kept (cap %d), "
                + "heap growth %d bytes, %.0f entries evicted%n", sessions, elapsedMillis, kept, cap.toBytes(), heapGrowth,
                this.meters.get("ghostide.resume.history.evicted").counter().count());
    }

    @Test
    void oneSessionLargerThanTheCapKeepsOnlyItsNewest() {
        InMemorySessionLog log = createLog((s, q, j) -> { },
                bounds(2000, DataSize.ofMegabytes(8), Duration.ofMinutes(10), DataSize.ofKilobytes(20), Duration.ofHours(1)));
        for (int i = 0; i < 100; i++) {
            log.append("big", envelope("y".repeat(1000)));
        }
        assertThat(log.totalBytes()).isLessThanOrEqualTo(DataSize.ofKilobytes(20).toBytes());
        String epoch = log.read("big", null).epoch();
        assertThat(log.read("big", new ResumePoint(95, epoch)).missed()).hasSize(5);
    }
}
