package io.ghostide.realtime.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The shared places of {@code redis} mode: per cap a sorted set {@code lease:<name>} of holders
 * by the time their place lapses. A take is one script ({@code redis/lease-take.lua}) that drops
 * lapsed places, checks the cap and adds the holder; a close removes it. This instance renews
 * the places it holds every third of {@code ghostide.cluster.node-timeout}, so the places of an
 * instance that dies lapse within that timeout and are free again for everyone.
 */
final class RedisLeases implements SharedLeases, DisposableBean {

    private static final Log logger = LogFactory.getLog(RedisLeases.class);

    // renewed in batches of this many places, one script call each
    private static final int RENEW_BATCH = 500;

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final long ttlMillis;

    private final RedisConnections.Script takeScript = RedisConnections.Script.load("lease-take.lua");

    private final RedisConnections.Script renewScript = RedisConnections.Script.load("lease-renew.lua");

    // the places this instance holds -> true
    private final Map<Held, Boolean> held = new ConcurrentHashMap<>();

    private final ScheduledExecutorService renewer =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("lease-renewal-"));

    RedisLeases(RedisConnections redis, RedisKeys keys, Duration lease) {
        this.redis = redis;
        this.keys = keys;
        this.ttlMillis = lease.toMillis();
        long period = Math.max(100, this.ttlMillis / 3);
        this.renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public @Nullable Lease take(String name, int max, String holder) {
        byte[] key = this.keys.key("lease:" + name);
        Long taken;
        try {
            taken = this.takeScript.run(this.redis.commands(), ScriptOutputType.INTEGER, new byte[][] { key },
                    RedisKeys.bytes(holder), RedisKeys.bytes(Integer.toString(max)),
                    RedisKeys.bytes(Long.toString(this.ttlMillis)));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        if (taken == null || taken == 0) {
            return null;
        }
        Held place = new Held(key, RedisKeys.bytes(holder));
        this.held.put(place, Boolean.TRUE);
        return place;
    }

    /** Places this instance holds now, for tests. */
    int heldCount() {
        return this.held.size();
    }

    private void renew() {
        List<Held> places = new ArrayList<>(this.held.keySet());
        try {
            for (int from = 0; from < places.size(); from += RENEW_BATCH) {
                List<Held> batch = places.subList(from, Math.min(places.size(), from + RENEW_BATCH));
                byte[][] args = new byte[batch.size() + 1][];
                args[0] = RedisKeys.bytes(Long.toString(this.ttlMillis));
                for (int i = 0; i < batch.size(); i++) {
                    args[i + 1] = batch.get(i).holder;
                }
                this.renewScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                        batch.stream().map(place -> place.key).toArray(byte[][]::new), args);
            }
        }
        catch (RuntimeException ex) {
            // Redis away: the places lapse there, and the next round takes them again
            logger.debug("Could not renew this instance's shared places: " + ex);
        }
    }

    @Override
    public void destroy() {
        this.renewer.shutdownNow();
    }

    /** One place held by this instance. */
    private final class Held implements Lease {

        private final byte[] key;

        private final byte[] holder;

        private final AtomicBoolean closed = new AtomicBoolean();

        Held(byte[] key, byte[] holder) {
            this.key = key;
            this.holder = holder;
        }

        @Override
        public void close() {
            if (!this.closed.compareAndSet(false, true)) {
                return;
            }
            RedisLeases.this.held.remove(this);
            try {
                RedisLeases.this.redis.commands().zrem(this.key, this.holder);
            }
            catch (RuntimeException ex) {
                // Redis away: unrenewed, the place lapses within the lease time
                logger.debug("Could not give back a shared place; it lapses by itself: " + ex);
            }
        }
    }
}
