package io.ghostide.realtime.sessionlog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import static io.ghostide.realtime.sessionlog.RedisLogCodec.envelopeOf;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.seqOf;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.text;

/**
 * Delivers the Redis log's entries to this instance's listener, once each and per session in
 * {@code seq} order on one thread, for as long as the instance follows the session: from its
 * first read or append here (the session's channel subscribed) until it has had no connections
 * here and no read for {@code ghostide.cluster.subscribe-grace} (the channel unsubscribed). A
 * {@code seq} that jumps (pub/sub messages lost while the connection was re-established) is
 * preceded by the missing entries read from the stream.
 */
final class RedisLogFollower {

    private static final Log logger = LogFactory.getLog(RedisLogFollower.class);

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final SessionLogListener listener;

    private final Predicate<String> inUse;

    private final Consumer<String> keepInUse;

    // a session unused this long after its last subscribe is unsubscribed once it has no connections
    private final long subscribeGraceNanos;

    // names this instance in the transient messages it publishes, so it skips its own
    private final String origin;

    // each session's entries are delivered in order, on its stripe
    private final DeliveryStripes stripes = new DeliveryStripes();

    // session id -> what this instance has delivered of it; touched only on the session's stripe
    private final Map<String, SessionDelivery> deliveries = new ConcurrentHashMap<>();

    // session id -> when it was last read (System.nanoTime); the sessions whose channel is subscribed
    private final Map<String, Long> subscribed = new ConcurrentHashMap<>();

    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("session-log-housekeeping-"));

    private final Counter gapsFilled;

    private final Counter unrecoverable;

    /**
     * @param inUse whether a session has connections on this instance
     * @param keepInUse called every housekeeping round for each followed session in use
     * @param origin this instance's origin in the transient messages it publishes
     */
    RedisLogFollower(RedisConnections redis, RedisKeys keys, SessionLogListener listener, Predicate<String> inUse,
            Consumer<String> keepInUse, Duration subscribeGrace, String origin, MeterRegistry meterRegistry) {
        this.redis = redis;
        this.keys = keys;
        this.listener = listener;
        this.inUse = inUse;
        this.keepInUse = keepInUse;
        this.subscribeGraceNanos = subscribeGrace.toNanos();
        this.origin = origin;
        this.gapsFilled = Counter.builder("ghostide.cluster.log.recovered")
                .description("Entries read back from a session's stream because their pub/sub message was lost")
                .register(meterRegistry);
        this.unrecoverable = Counter.builder("ghostide.cluster.log.unrecoverable")
                .description("Entries lost to this instance: gone from the stream before their gap was filled")
                .register(meterRegistry);
        this.housekeeping.scheduleWithFixedDelay(this::housekeep, 5, 5, TimeUnit.SECONDS);
    }

    /** A subscriber has read the session at (epoch, seq): what arrives later than that is delivered; waits for it. */
    void observed(String sessionId, String epoch, long seq) {
        this.stripes.run(sessionId, () -> observe(sessionId, epoch, seq));
    }

    // ---- delivery, on the session's stripe

    private void observe(String sessionId, String epoch, long seq) {
        SessionDelivery delivery = this.deliveries.get(sessionId);
        if (delivery == null) {
            this.deliveries.put(sessionId, new SessionDelivery(epoch, seq));
        }
        else if (!epoch.equals(delivery.epoch)) {
            // the history started over; the subscribers already here get all of the new one
            delivery.restart(epoch);
            fill(sessionId, delivery, seq);
        }
    }

    private void arrived(String sessionId, long seq, String epoch, byte[] json) {
        SessionDelivery delivery = this.deliveries.get(sessionId);
        if (delivery == null) {
            // the first arrival after a subscribe, before its read was observed
            delivery = new SessionDelivery(epoch, seq - 1);
            this.deliveries.put(sessionId, delivery);
        }
        else if (!epoch.equals(delivery.epoch)) {
            delivery.restart(epoch);
        }
        if (seq <= delivery.delivered) {
            return;
        }
        if (seq > delivery.delivered + 1 && !fill(sessionId, delivery, seq - 1)) {
            // Redis failed while filling the gap: nothing after it may be delivered before it is filled;
            // housekeeping (or the resubscription after a reconnect) catches up from the stream
            return;
        }
        deliver(sessionId, delivery, seq, json);
    }

    /** Delivers entries after what was delivered, up to {@code upTo}, from the stream; false if Redis failed. */
    private boolean fill(String sessionId, SessionDelivery delivery, long upTo) {
        if (upTo <= delivery.delivered) {
            return true;
        }
        List<StreamMessage<byte[], byte[]>> entries;
        try {
            entries = RedisSessionStream.range(this.redis.commands(), this.keys, sessionId, delivery.delivered + 1, upTo);
        }
        catch (RuntimeException ex) {
            delivery.behind = true;
            logger.warn("Could not read the history of session " + sessionId + " to fill a gap: " + ex);
            return false;
        }
        for (StreamMessage<byte[], byte[]> entry : entries) {
            long seq = seqOf(entry);
            if (seq > delivery.delivered + 1) {
                this.unrecoverable.increment(seq - delivery.delivered - 1);
                logger.warn("Session " + sessionId + ": entries " + (delivery.delivered + 1) + " to " + (seq - 1)
                        + " left the history before this instance could deliver them");
            }
            this.gapsFilled.increment();
            deliver(sessionId, delivery, seq, envelopeOf(entry));
        }
        if (delivery.delivered < upTo) {
            this.unrecoverable.increment(upTo - delivery.delivered);
            delivery.delivered = upTo;
        }
        delivery.behind = false;
        return true;
    }

    private void deliver(String sessionId, SessionDelivery delivery, long seq, byte[] json) {
        delivery.delivered = seq;
        try {
            this.listener.onAppended(sessionId, seq, json);
        }
        catch (RuntimeException ex) {
            // one failed delivery must not stop the session's later ones
            logger.error("SessionDelivery of seq " + seq + " of session " + sessionId + " failed", ex);
        }
    }

    // after a reconnect, or when a gap could not be filled: deliver what the stream holds beyond what was delivered
    private void catchUp(String sessionId) {
        SessionDelivery delivery = this.deliveries.get(sessionId);
        if (delivery == null) {
            return;
        }
        List<byte[]> position;
        try {
            position = RedisSessionStream.position(this.redis.commands(), this.keys, sessionId);
        }
        catch (RuntimeException ex) {
            delivery.behind = true;
            return;
        }
        if (position.get(0) == null || position.get(1) == null) {
            // the session is gone from Redis (restarted empty): its next publish starts a new epoch
            return;
        }
        String epoch = text(position.get(0));
        if (!epoch.equals(delivery.epoch)) {
            delivery.restart(epoch);
        }
        fill(sessionId, delivery, Long.parseLong(text(position.get(1))));
    }

    // ---- subscriptions

    /** Subscribes to the session's channel unless it already is; {@code touch} restarts its grace period. */
    void subscribe(String sessionId, boolean touch) {
        if (!touch && this.subscribed.containsKey(sessionId)) {
            return;
        }
        synchronized (this.subscribed) {
            if (this.subscribed.containsKey(sessionId)) {
                if (touch) {
                    this.subscribed.put(sessionId, System.nanoTime());
                }
                return;
            }
            // Redis has acknowledged the subscription when this returns
            pubSub().sync().subscribe(this.keys.sessionChannel(sessionId));
            this.subscribed.put(sessionId, System.nanoTime());
        }
    }

    private StatefulRedisPubSubConnection<byte[], byte[]> pubSub() {
        return this.redis.pubSub(connection -> connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                // on Lettuce's I/O thread: parse and hand over, never block here
                String sessionId = RedisLogFollower.this.keys.sessionOfChannel(channel);
                RedisLogCodec.Published published = RedisLogCodec.parse(message);
                if (published.seq() < 0) {
                    if (!RedisLogFollower.this.origin.equals(published.epoch())) {
                        RedisLogFollower.this.stripes.execute(sessionId, () -> RedisLogFollower.this.listener
                                .onTransient(sessionId, published.json(), -published.seq() - 1));
                    }
                    return;
                }
                RedisLogFollower.this.stripes.execute(sessionId,
                        () -> arrived(sessionId, published.seq(), published.epoch(), published.json()));
            }

            @Override
            public void subscribed(byte[] channel, long count) {
                // also after Lettuce re-subscribed following a reconnect: messages may have been missed
                String sessionId = RedisLogFollower.this.keys.sessionOfChannel(channel);
                RedisLogFollower.this.stripes.execute(sessionId, () -> catchUp(sessionId));
            }
        }));
    }

    // drops the channels of sessions no longer used here, keeps those in use alive,
    // and retries gaps that could not be filled
    private void housekeep() {
        try {
            long now = System.nanoTime();
            for (Map.Entry<String, Long> entry : this.subscribed.entrySet()) {
                String sessionId = entry.getKey();
                if (this.inUse.test(sessionId)) {
                    this.keepInUse.accept(sessionId);
                    SessionDelivery delivery = this.deliveries.get(sessionId);
                    if (delivery != null && delivery.behind) {
                        this.stripes.execute(sessionId, () -> catchUp(sessionId));
                    }
                }
                else if (now - entry.getValue() > this.subscribeGraceNanos) {
                    synchronized (this.subscribed) {
                        // under the lock a subscribe() may not interleave with the unsubscribe
                        if (this.subscribed.remove(sessionId, entry.getValue())) {
                            pubSub().sync().unsubscribe(this.keys.sessionChannel(sessionId));
                            this.stripes.execute(sessionId, () -> {
                                this.deliveries.remove(sessionId);
                                this.listener.onUnfollowed(sessionId);
                            });
                        }
                    }
                }
            }
        }
        catch (RuntimeException ex) {
            // Redis away: the next round tries again
            logger.debug("Session log housekeeping failed: " + ex);
        }
    }

    void shutdown() {
        this.housekeeping.shutdownNow();
        this.stripes.shutdown();
    }
}
