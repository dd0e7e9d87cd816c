package io.ghostide.realtime.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/**
 * The token buckets of every connection, every REST client and every client's WebSocket
 * upgrades. Buckets are made on first use
 * and forgotten once idle for longer than any of them takes to fill up again (looked for every
 * {@code sweep-interval}), which loses nothing: a full bucket and a new one are the same. At most {@code max-clients} are kept per
 * kind; beyond that new clients share one set of buckets until idle ones are forgotten.
 */
@Component
public class RateLimiter {

    /**
     * What a limited request does, which decides the buckets it takes from: every action the
     * overall bucket, except the editing ones ({@code doc_push}, {@code awareness}), which take
     * from their own bucket only, so that typing never starves a run or a chat and the reverse.
     */
    public enum Action {
        OTHER(true), EXECUTE_CODE(true), GHOST_CHAT(true), DOC_PUSH(false), AWARENESS(false);

        private final boolean overall;

        Action(boolean overall) {
            this.overall = overall;
        }
    }

    /** The answer to one request. */
    public enum Verdict {
        /** go ahead. */
        ALLOWED,
        /** over the limit: refuse it, with {@link Decision#retryAfterMillis()}. */
        REFUSED,
        /** over the limit for {@code close-after} on end: refuse it and close the connection. */
        CUT,
        /** the connection was already cut: drop it without an answer. */
        DROPPED
    }

    /** A verdict, and for a refusal how long until a token is there again. */
    public record Decision(Verdict verdict, long retryAfterMillis) {

        public boolean allowed() {
            return this.verdict == Verdict.ALLOWED;
        }
    }

    private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory.getLog(RateLimiter.class);

    // a refusal this long after the previous one starts a new run of refusals
    private static final long STREAK_GAP_NANOS = Duration.ofSeconds(1).toNanos();

    private final RateLimitProperties properties;

    private final long idleNanos;

    private final long sweepIntervalNanos;

    private final Clients connections;

    private final Clients restClients;

    private final Clients upgrades;

    RateLimiter(RateLimitProperties properties, ClientBucketSource clientBuckets) {
        this.properties = properties;
        long longestRefill = java.util.stream.LongStream.of(
                refillNanos(properties.overallBurst(), properties.overallPerSecond()),
                refillNanos(properties.upgradesBurst(), properties.upgradesPerSecond()),
                refillNanos(properties.executeCodeBurst(), properties.executeCodePerSecond()),
                refillNanos(properties.ghostChatBurst(), properties.ghostChatPerSecond()),
                refillNanos(properties.docPushBurst(), properties.docPushPerSecond()),
                refillNanos(properties.awarenessBurst(), properties.awarenessPerSecond())).max().orElseThrow();
        // forgotten after it would be full again, and after any run of refusals has ended
        this.idleNanos = Math.max(longestRefill, STREAK_GAP_NANOS) + Duration.ofSeconds(1).toNanos();
        this.sweepIntervalNanos = properties.sweepInterval().toNanos();
        // a connection lives on one instance, so its buckets do too; a client's may be anywhere
        ClientBucketSource local = new LocalClientBucketSource();
        this.connections = new Clients(key -> newBuckets(local, "connection:" + key));
        this.restClients = new Clients(key -> newBuckets(clientBuckets, "rest:" + key));
        // an upgrade takes from its own bucket only, kept in the overall place
        this.upgrades = new Clients(key -> new ClientBuckets(
                clientBuckets.bucket("upgrade:" + key, properties.upgradesBurst(), properties.upgradesPerSecond()),
                Map.of()));
    }

    /** Takes the tokens of one command from a connection's buckets. */
    public Decision forConnection(String connectionId, Action action) {
        return this.connections.decide(connectionId, action, true);
    }

    /** Takes the tokens of one REST call from a client's buckets (a user name, or an address). */
    public Decision forRestClient(String clientKey, Action action) {
        return this.restClients.decide(clientKey, action, false);
    }

    /** Takes the token of one WebSocket upgrade, on either path, from its client's bucket ({@link ClientKeys}). */
    public Decision forUpgrade(String clientKey) {
        return this.upgrades.decide(clientKey, Action.OTHER, false);
    }

    /** Buckets kept now, connections, REST clients and upgrading clients together (for tests and metrics). */
    public int trackedClients() {
        return this.connections.entries.size() + this.restClients.entries.size() + this.upgrades.entries.size();
    }

    private static long refillNanos(int burst, int perSecond) {
        return (long) Math.ceil(1e9 * burst / perSecond);
    }

    private ClientBuckets newBuckets(ClientBucketSource source, String key) {
        RateLimitProperties p = this.properties;
        Map<Action, Bucket> own = new java.util.EnumMap<>(Action.class);
        own.put(Action.EXECUTE_CODE, source.bucket(key + ":execute", p.executeCodeBurst(), p.executeCodePerSecond()));
        own.put(Action.GHOST_CHAT, source.bucket(key + ":chat", p.ghostChatBurst(), p.ghostChatPerSecond()));
        own.put(Action.DOC_PUSH, source.bucket(key + ":doc-push", p.docPushBurst(), p.docPushPerSecond()));
        own.put(Action.AWARENESS, source.bucket(key + ":awareness", p.awarenessBurst(), p.awarenessPerSecond()));
        return new ClientBuckets(source.bucket(key + ":overall", p.overallBurst(), p.overallPerSecond()), own);
    }

    /** One kind of client: its buckets by key, swept now and then. */
    private final class Clients {

        // client key -> its buckets
        final Map<String, ClientBuckets> entries = new ConcurrentHashMap<>();

        final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

        // client key -> its new buckets
        final java.util.function.Function<String, ClientBuckets> factory;

        volatile ClientBuckets overflow;

        Clients(java.util.function.Function<String, ClientBuckets> factory) {
            this.factory = factory;
            this.overflow = factory.apply("overflow");
        }

        Decision decide(String key, Action action, boolean cuts) {
            long now = System.nanoTime();
            sweepIfDue(now);
            ClientBuckets buckets = this.entries.get(key);
            if (buckets == null) {
                buckets = this.entries.size() < RateLimiter.this.properties.maxClients()
                        ? this.entries.computeIfAbsent(key, this.factory) : this.overflow;
            }
            try {
                return buckets.take(action, now, cuts ? RateLimiter.this.properties.closeAfter().toNanos() : -1);
            }
            catch (RuntimeException ex) {
                // shared buckets while Redis is away: let the request through rather than refuse everyone;
                // what it needs from Redis answers 503 by itself
                logger.debug("Rate limit not checked for " + key + ": " + ex);
                return new Decision(Verdict.ALLOWED, 0);
            }
        }

        private void sweepIfDue(long now) {
            long last = this.lastSweep.get();
            if (now - last < RateLimiter.this.sweepIntervalNanos || !this.lastSweep.compareAndSet(last, now)) {
                return;
            }
            this.entries.values().removeIf(buckets -> now - buckets.lastUsed.get() > RateLimiter.this.idleNanos);
            if (now - this.overflow.lastUsed.get() > RateLimiter.this.idleNanos) {
                this.overflow = this.factory.apply("overflow");
            }
        }
    }

    /** The buckets of one client, and its current run of refusals. */
    private static final class ClientBuckets {

        final Bucket overall;

        // action -> its own bucket; empty in a set that only ever takes OTHER (an upgrade's)
        final Map<Action, Bucket> own;

        final AtomicLong lastUsed = new AtomicLong(System.nanoTime());

        final AtomicBoolean cut = new AtomicBoolean();

        // start of the current run of refusals and the latest refusal; guarded by this
        long streakStart;

        long lastRefusal = Long.MIN_VALUE;

        ClientBuckets(Bucket overall, Map<Action, Bucket> own) {
            this.overall = overall;
            this.own = own;
        }

        Decision take(Action action, long now, long closeAfterNanos) {
            this.lastUsed.set(now);
            if (this.cut.get()) {
                return new Decision(Verdict.DROPPED, 0);
            }
            Bucket own = this.own.get(action);
            long waitNanos = 0;
            if (own != null) {
                ConsumptionProbe probe = own.tryConsumeAndReturnRemaining(1);
                if (!probe.isConsumed()) {
                    waitNanos = probe.getNanosToWaitForRefill();
                }
            }
            if (waitNanos == 0 && !action.overall) {
                return new Decision(Verdict.ALLOWED, 0);
            }
            if (waitNanos == 0) {
                ConsumptionProbe probe = this.overall.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    return new Decision(Verdict.ALLOWED, 0);
                }
                waitNanos = probe.getNanosToWaitForRefill();
                if (own != null) {
                    // the command is not run: its own token goes back
                    own.addTokens(1);
                }
            }
            long retryAfterMillis = Math.max(1, (waitNanos + 999_999) / 1_000_000);
            synchronized (this) {
                if (this.lastRefusal == Long.MIN_VALUE || now - this.lastRefusal > STREAK_GAP_NANOS) {
                    this.streakStart = now;
                }
                this.lastRefusal = now;
                if (closeAfterNanos >= 0 && now - this.streakStart >= closeAfterNanos && this.cut.compareAndSet(false, true)) {
                    return new Decision(Verdict.CUT, retryAfterMillis);
                }
            }
            return new Decision(Verdict.REFUSED, retryAfterMillis);
        }
    }
}
