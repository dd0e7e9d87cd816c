package io.ghostide.realtime.sessionlog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract every {@link SessionLog} keeps (see its Javadoc), run against each
 * implementation by a subclass: the in-process log here, a shared store's log beside it. A
 * subclass makes a log that delivers to the listener it is given, with the given bounds.
 */
public abstract class SessionLogContractTests {

    /** How long a test waits for a delivery that the log may make on another thread. */
    protected static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    /** Every delivery the log made, in the order the listener saw them. */
    protected final List<Delivered> delivered = new CopyOnWriteArrayList<>();

    // session id -> listener calls in progress, to catch two at once
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    private final AtomicInteger overlaps = new AtomicInteger();

    private final AtomicInteger sessionNames = new AtomicInteger();

    /** One call of {@link SessionLogListener#onAppended}. */
    protected record Delivered(String sessionId, long seq, String json) {
    }

    /** The log under test, delivering to {@code listener}, with these bounds. */
    protected abstract SessionLog createLog(SessionLogListener listener, SessionLogProperties properties);

    /** Releases what {@link #createLog} made; the default does nothing. */
    protected void closeLogs() {
    }

    @AfterEach
    void closeTheLogs() {
        closeLogs();
    }

    /** The default bounds of the contract, with the given count and bytes per session. */
    protected static SessionLogProperties bounds(int historySize, DataSize historyBytes) {
        return new SessionLogProperties(historySize, historyBytes, Duration.ofMinutes(10), DataSize.ofMegabytes(256),
                Duration.ofHours(1), 50_000);
    }

    protected SessionLog createLog(SessionLogProperties properties) {
        return createLog(this::record, properties);
    }

    protected SessionLog createLog() {
        return createLog(bounds(2000, DataSize.ofMegabytes(8)));
    }

    /** A session id no other test uses, so a shared store may be shared by the tests. */
    protected String newSession() {
        return "contract-" + Long.toString(System.nanoTime(), 36) + "-" + this.sessionNames.incrementAndGet();
    }

    /** An envelope whose JSON is {@code {"seq":N,"text":"…"}}. */
    protected static UnsequencedEnvelope envelope(String text) {
        return new UnsequencedEnvelope("{\"seq\":".getBytes(StandardCharsets.UTF_8),
                (",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    protected static long seqIn(byte[] json) {
        Matcher matcher = SEQ.matcher(new String(json, StandardCharsets.UTF_8));
        assertThat(matcher.find()).as("seq in %s", new String(json, StandardCharsets.UTF_8)).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private void record(String sessionId, long seq, byte[] json) {
        AtomicInteger busy = this.inProgress.computeIfAbsent(sessionId, id -> new AtomicInteger());
        if (busy.incrementAndGet() > 1) {
            this.overlaps.incrementAndGet();
        }
        this.delivered.add(new Delivered(sessionId, seq, new String(json, StandardCharsets.UTF_8)));
        busy.decrementAndGet();
    }

    protected List<Delivered> deliveredTo(String sessionId) {
        return this.delivered.stream().filter(d -> d.sessionId().equals(sessionId)).toList();
    }

    protected void awaitDelivered(String sessionId, int count) {
        await().atMost(DELIVERY_TIMEOUT).until(() -> deliveredTo(sessionId).size() >= count);
    }

    @Test
    void eachSessionCountsFromOneWithoutGaps() {
        SessionLog log = createLog();
        String a = newSession();
        String b = newSession();
        assertThat(log.append(a, envelope("a1"))).isEqualTo(1);
        assertThat(log.append(a, envelope("a2"))).isEqualTo(2);
        assertThat(log.append(b, envelope("b1"))).isEqualTo(1);
        assertThat(log.append(a, envelope("a3"))).isEqualTo(3);
        awaitDelivered(a, 3);
        assertThat(deliveredTo(a)).extracting(Delivered::seq).containsExactly(1L, 2L, 3L);
        assertThat(deliveredTo(a)).extracting(Delivered::json)
                .containsExactly("{\"seq\":1,\"text\":\"a1\"}", "{\"seq\":2,\"text\":\"a2\"}", "{\"seq\":3,\"text\":\"a3\"}");
    }

    @Test
    void concurrentAppendsAreDeliveredOnceEachInSeqOrderOneAtATime() throws Exception {
        SessionLog log = createLog();
        String session = newSession();
        int threads = 4;
        int each = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> assigned = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                assigned.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(log.append(session, envelope(thread + "-" + i)));
                    }
                    return seqs;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : assigned) {
                List<Long> seqs = future.get(60, TimeUnit.SECONDS);
                assertThat(seqs).isSorted();
                all.addAll(seqs);
            }
            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates().allMatch(seq -> seq >= 1 && seq <= threads * each);
            awaitDelivered(session, threads * each);
            List<Delivered> deliveries = deliveredTo(session);
            assertThat(deliveries).hasSize(threads * each);
            for (int i = 0; i < deliveries.size(); i++) {
                assertThat(deliveries.get(i).seq()).isEqualTo(i + 1);
                assertThat(deliveries.get(i).json()).startsWith("{\"seq\":" + (i + 1) + ",");
            }
            assertThat(this.overlaps).hasValue(0);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFirstReadStartsTheSessionAtSeqZeroInItsOwnEpoch() {
        SessionLog log = createLog();
        String session = newSession();
        LogSnapshot first = log.read(session, null);
        assertThat(first.seq()).isZero();
        assertThat(first.epoch()).matches(ResumePoint.EPOCH_PATTERN);
        assertThat(first.recovered()).isNull();
        assertThat(first.missed()).isEmpty();
        log.append(session, envelope("x"));
        LogSnapshot second = log.read(session, null);
        assertThat(second.epoch()).isEqualTo(first.epoch());
        assertThat(second.seq()).isEqualTo(1);
        assertThat(log.read(newSession(), null).epoch()).isNotEqualTo(first.epoch());
    }

    @Test
    void resumingWithinTheHistoryReplaysEverythingAfterSinceInOrder() {
        SessionLog log = createLog();
        String session = newSession();
        for (int i = 1; i <= 10; i++) {
            log.append(session, envelope("m" + i));
        }
        String epoch = log.read(session, null).epoch();
        LogSnapshot snapshot = log.read(session, new ResumePoint(4, epoch));
        assertThat(snapshot.recovered()).isTrue();
        assertThat(snapshot.seq()).isEqualTo(10);
        assertThat(snapshot.missed()).extracting(SessionLogContractTests::seqIn).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(new String(snapshot.missed().get(0), StandardCharsets.UTF_8)).isEqualTo("{\"seq\":5,\"text\":\"m5\"}");

        LogSnapshot upToDate = log.read(session, new ResumePoint(10, epoch));
        assertThat(upToDate.recovered()).isTrue();
        assertThat(upToDate.missed()).isEmpty();

        LogSnapshot fromStart = log.read(session, new ResumePoint(0, epoch));
        assertThat(fromStart.recovered()).isTrue();
        assertThat(fromStart.missed()).hasSize(10);
    }

    @Test
    void aStaleEpochIsNotRecovered() {
        SessionLog log = createLog();
        String session = newSession();
        log.append(session, envelope("a"));
        log.append(session, envelope("b"));
        LogSnapshot snapshot = log.read(session, new ResumePoint(1, "another-epoch"));
        assertThat(snapshot.recovered()).isFalse();
        assertThat(snapshot.missed()).isEmpty();
        assertThat(snapshot.seq()).isEqualTo(2);
    }

    @Test
    void aSinceAheadOfTheSessionIsNotRecovered() {
        SessionLog log = createLog();
        String session = newSession();
        log.append(session, envelope("a"));
        String epoch = log.read(session, null).epoch();
        LogSnapshot snapshot = log.read(session, new ResumePoint(5, epoch));
        assertThat(snapshot.recovered()).isFalse();
        assertThat(snapshot.missed()).isEmpty();
    }

    @Test
    void aSinceOlderThanTheHistoryIsNotRecovered() {
        SessionLog log = createLog(bounds(5, DataSize.ofMegabytes(8)));
        String session = newSession();
        for (int i = 1; i <= 12; i++) {
            log.append(session, envelope("m" + i));
        }
        String epoch = log.read(session, null).epoch();
        assertThat(log.read(session, new ResumePoint(6, epoch)).recovered()).isFalse();
        LogSnapshot oldestKept = log.read(session, new ResumePoint(7, epoch));
        assertThat(oldestKept.recovered()).isTrue();
        assertThat(oldestKept.missed()).extracting(SessionLogContractTests::seqIn).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void theHistoryIsBoundedByBytes() {
        // each entry is about 1 KiB of JSON, so 4 KiB keeps fewer than 4
        SessionLog log = createLog(bounds(2000, DataSize.ofKilobytes(4)));
        String session = newSession();
        String kilobyte = "k".repeat(1000);
        for (int i = 1; i <= 10; i++) {
            log.append(session, envelope(kilobyte));
        }
        String epoch = log.read(session, null).epoch();
        assertThat(log.read(session, new ResumePoint(5, epoch)).recovered()).isFalse();
        LogSnapshot last = log.read(session, new ResumePoint(8, epoch));
        assertThat(last.recovered()).isTrue();
        assertThat(last.missed()).hasSize(2);
    }

    @Test
    void withoutAnEpochOnlyAResumeFromTheStartIsRecovered() {
        SessionLog log = createLog();
        String session = newSession();
        log.append(session, envelope("a"));
        log.append(session, envelope("b"));
        LogSnapshot fromStart = log.read(session, new ResumePoint(0, null));
        assertThat(fromStart.recovered()).isTrue();
        assertThat(fromStart.missed()).hasSize(2);
        assertThat(log.read(session, new ResumePoint(1, null)).recovered()).isFalse();
    }

    /**
     * Subscribe-then-snapshot while others publish: what a subscriber gets is the snapshot's
     * missed entries followed by the deliveries after its subscription with a greater seq,
     * and that is every entry after its resume point, once each, in order.
     */
    @Test
    void aSnapshotTakenWhileOthersPublishJoinsTheLiveDeliveriesWithoutGapOrDuplicate() throws Exception {
        SessionLog log = createLog();
        String session = newSession();
        for (int i = 0; i < 50; i++) {
            log.append(session, envelope("before-" + i));
        }
        awaitDelivered(session, 50);
        String epoch = log.read(session, null).epoch();
        int publishers = 3;
        int each = 400;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < publishers; t++) {
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        log.append(session, envelope("during-" + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            // let some go by, then subscribe (from here on this subscriber hears deliveries) and read
            await().atMost(DELIVERY_TIMEOUT).until(() -> deliveredTo(session).size() >= 300);
            int subscribedAt = this.delivered.size();
            LogSnapshot snapshot = log.read(session, new ResumePoint(20, epoch));
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
            int total = 50 + publishers * each;
            awaitDelivered(session, total);

            assertThat(snapshot.recovered()).isTrue();
            List<Long> seen = new ArrayList<>();
            snapshot.missed().forEach(json -> seen.add(seqIn(json)));
            this.delivered.subList(subscribedAt, this.delivered.size()).stream()
                    .filter(d -> d.sessionId().equals(session) && d.seq() > snapshot.seq())
                    .forEach(d -> seen.add(d.seq()));
            List<Long> expected = new ArrayList<>();
            for (long seq = 21; seq <= total; seq++) {
                expected.add(seq);
            }
            assertThat(seen).isEqualTo(expected);
        }
        finally {
            pool.shutdownNow();
        }
    }
}
