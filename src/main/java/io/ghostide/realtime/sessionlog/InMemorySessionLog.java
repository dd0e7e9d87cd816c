package io.ghostide.realtime.sessionlog;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The session log in this process, for {@code ghostide.cluster.mode=local}. Appending to a
 * session and delivering the entry happen under the session's lock, so {@code seq} order is
 * delivery order, and a {@link #read} under the same lock sees exactly what was delivered.
 * A restart starts every session in a new epoch, and so does a counter retired after
 * {@code session-retention} without use, or past {@code max-sessions} counters while the
 * session has no connections (so a client that resumes there is told {@code recovered: false},
 * never replayed a wrong history).
 */
final class InMemorySessionLog implements SessionLog, SmartLifecycle {

    private static final SecureRandom RANDOM = new SecureRandom();

    // session id -> its counter, epoch and history
    private final Map<String, SessionHistory> sessions = new ConcurrentHashMap<>();

    private final SessionLogListener listener;

    private final SessionLogProperties properties;

    private final Predicate<String> inUse;

    private final @Nullable TaskScheduler scheduler;

    private final LongSupplier nanoTime;

    // bytes kept by every session's history, as SessionHistory accounts them
    private final AtomicLong totalBytes = new AtomicLong();

    // one evictor at a time; taken only with no session lock held
    private final ReentrantLock evictionLock = new ReentrantLock();

    // one thread at a time forgets counters past max-sessions; taken only with no session lock held
    private final ReentrantLock countLock = new ReentrantLock();

    private final Counter forgotten;

    private final Counter evicted;

    private volatile @Nullable ScheduledFuture<?> housekeeping;

    /**
     * @param inUse whether a session still has connections, so its counter must outlive the retention
     * @param scheduler runs the housekeeping while the log is running; {@code null} leaves it to the caller
     */
    InMemorySessionLog(SessionLogListener listener, SessionLogProperties properties, Predicate<String> inUse,
            @Nullable TaskScheduler scheduler, MeterRegistry meterRegistry, LongSupplier nanoTime) {
        this.listener = listener;
        this.properties = properties;
        this.inUse = inUse;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        Gauge.builder("ghostide.resume.history.bytes", this.totalBytes, AtomicLong::get)
                .description("Bytes of envelopes kept in session histories for resume")
                .baseUnit("bytes")
                .register(meterRegistry);
        Gauge.builder("ghostide.resume.history.sessions", this.sessions, Map::size)
                .description("Sessions with a seq counter in this process")
                .register(meterRegistry);
        this.evicted = Counter.builder("ghostide.resume.history.evicted")
                .description("History entries dropped to keep all histories under ghostide.resume.total-history-bytes")
                .register(meterRegistry);
        this.forgotten = Counter.builder("ghostide.resume.sessions.forgotten")
                .description("Session counters forgotten to stay under ghostide.resume.max-sessions")
                .register(meterRegistry);
    }

    @Override
    public long append(String sessionId, UnsequencedEnvelope envelope) {
        long[] seqAndChange = underLock(sessionId, history -> {
            long seq = history.last + 1;
            byte[] json = envelope.withSeq(seq);
            // delivered before the seq counts: a delivery that throws uses up no seq
            this.listener.onAppended(sessionId, seq, json);
            history.last = seq;
            long now = this.nanoTime.getAsLong();
            long change = expired(history, now) ? -history.clear() : 0;
            change += history.add(seq, json, this.properties.historySize(), this.properties.historyBytes().toBytes());
            history.lastPublished = now;
            history.lastUsed = now;
            return new long[] { seq, change };
        });
        if (this.totalBytes.addAndGet(seqAndChange[1]) > this.properties.totalHistoryBytes().toBytes()) {
            evictOverCap();
        }
        return seqAndChange[0];
    }

    @Override
    public LogSnapshot read(String sessionId, @Nullable ResumePoint from) {
        return underLock(sessionId, history -> {
            long now = this.nanoTime.getAsLong();
            history.lastUsed = now;
            if (expired(history, now)) {
                this.totalBytes.addAndGet(-history.clear());
            }
            if (from == null) {
                return LogSnapshot.position(history.epoch, history.last, null);
            }
            if (!from.recoverableFrom(history.epoch, history.first(), history.last)) {
                return LogSnapshot.position(history.epoch, history.last, false);
            }
            return new LogSnapshot(history.epoch, history.last, true, history.after(from.since()));
        });
    }

    @Override
    public @Nullable KeptEntries kept(String sessionId, String epoch, long upTo) {
        return underLock(sessionId, history -> {
            if (!history.epoch.equals(epoch)) {
                return null;
            }
            long first = history.first();
            List<byte[]> entries = history.after(first - 1);
            int count = (int) Math.max(0, Math.min(entries.size(), upTo - first + 1));
            return new KeptEntries(count > 0 ? first : upTo + 1, List.copyOf(entries.subList(0, count)));
        });
    }

    /** Runs {@code action} on the session's history under its lock, making the history if there is none. */
    private <T> T underLock(String sessionId, Function<SessionHistory, T> action) {
        for (;;) {
            SessionHistory history = this.sessions.get(sessionId);
            if (history == null) {
                history = this.sessions.computeIfAbsent(sessionId, id -> newHistory());
                if (this.sessions.size() > this.properties.maxSessions()) {
                    forgetOverCount(history);
                }
            }
            history.lock.lock();
            try {
                if (!history.retired) {
                    return action.apply(history);
                }
                // lost a race with housekeeping; the next lookup makes a fresh one
            }
            finally {
                history.lock.unlock();
            }
        }
    }

    /** Drops histories past their age and retires counters unused past the retention. */
    void housekeep() {
        long now = this.nanoTime.getAsLong();
        long retention = this.properties.sessionRetention().toNanos();
        for (Map.Entry<String, SessionHistory> entry : this.sessions.entrySet()) {
            SessionHistory history = entry.getValue();
            boolean stale = history.bytes() > 0 && expired(history, now);
            boolean idle = now - history.lastUsed >= retention && !this.inUse.test(entry.getKey());
            if ((!stale && !idle) || !history.lock.tryLock()) {
                continue;
            }
            try {
                this.totalBytes.addAndGet(-history.clear());
                if (idle) {
                    history.retired = true;
                    this.sessions.remove(entry.getKey(), history);
                }
            }
            finally {
                history.lock.unlock();
            }
        }
    }

    /** Bytes kept by all histories, as accounted against {@code total-history-bytes}. */
    long totalBytes() {
        return this.totalBytes.get();
    }

    /** Sessions with a counter. */
    int sessionCount() {
        return this.sessions.size();
    }

    /**
     * Forgets counters past {@code max-sessions}, down to 90 % of it so that the sort is paid once
     * per tenth: only sessions without connections, whose subscribers would otherwise see a seq
     * start over under them; empty ones first (they cost a resume nothing), then the least
     * recently used. With every counter in use the cap is passed; connections are bounded on their own.
     */
    private void forgetOverCount(SessionHistory keep) {
        if (!this.countLock.tryLock()) {
            // another thread is already bringing the count down
            return;
        }
        try {
            int target = this.properties.maxSessions() - this.properties.maxSessions() / 10;
            List<Map.Entry<String, SessionHistory>> candidates = this.sessions.entrySet().stream()
                    .filter(entry -> entry.getValue() != keep)
                    .sorted(Comparator.<Map.Entry<String, SessionHistory>>comparingInt(entry -> entry.getValue().bytes() > 0 ? 1 : 0)
                            .thenComparingLong(entry -> entry.getValue().lastUsed))
                    .toList();
            for (Map.Entry<String, SessionHistory> entry : candidates) {
                if (this.sessions.size() <= target) {
                    return;
                }
                if (!this.inUse.test(entry.getKey())) {
                    retire(entry.getKey(), entry.getValue());
                }
            }
        }
        finally {
            this.countLock.unlock();
        }
    }

    // a session lock is never waited for here: a busy session is in use anyway
    private void retire(String sessionId, SessionHistory history) {
        if (!history.lock.tryLock()) {
            return;
        }
        try {
            this.totalBytes.addAndGet(-history.clear());
            history.retired = true;
            this.sessions.remove(sessionId, history);
            this.forgotten.increment();
        }
        finally {
            history.lock.unlock();
        }
    }

    private void evictOverCap() {
        long cap = this.properties.totalHistoryBytes().toBytes();
        this.evictionLock.lock();
        try {
            if (this.totalBytes.get() <= cap) {
                return;
            }
            // down to 90 % of the cap, so that the sort below is paid once per tenth of the cap
            long target = cap - cap / 10;
            List<SessionHistory> leastRecentFirst = this.sessions.values().stream()
                    .filter(history -> history.bytes() > 0)
                    .sorted(Comparator.comparingLong(history -> history.lastPublished))
                    .toList();
            for (SessionHistory history : leastRecentFirst) {
                long excess = this.totalBytes.get() - target;
                if (excess <= 0) {
                    break;
                }
                history.lock.lock();
                try {
                    long[] freed = history.dropOldest(excess);
                    this.totalBytes.addAndGet(-freed[0]);
                    this.evicted.increment(freed[1]);
                }
                finally {
                    history.lock.unlock();
                }
            }
        }
        finally {
            this.evictionLock.unlock();
        }
    }

    private boolean expired(SessionHistory history, long now) {
        return now - history.lastPublished > this.properties.historyTtl().toNanos();
    }

    private SessionHistory newHistory() {
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        return new SessionHistory(Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                this.nanoTime.getAsLong());
    }

    // ---- lifecycle: housekeeping runs while the log does

    @Override
    public void start() {
        if (this.scheduler != null) {
            Duration shortest = this.properties.historyTtl().compareTo(this.properties.sessionRetention()) < 0
                    ? this.properties.historyTtl() : this.properties.sessionRetention();
            Duration period = Duration.ofMillis(Math.max(1000, Math.min(60_000, shortest.toMillis() / 4)));
            this.housekeeping = this.scheduler.scheduleWithFixedDelay(this::housekeep, period);
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = this.housekeeping;
        if (running != null) {
            running.cancel(false);
        }
        this.housekeeping = null;
    }

    @Override
    public boolean isRunning() {
        return this.housekeeping != null;
    }
}
