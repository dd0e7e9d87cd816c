package io.ghostide.realtime.cluster;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Whether Redis answers now; for health checks in {@code redis} mode. */
public final class RedisAvailability {

    private static final Log logger = LogFactory.getLog(RedisAvailability.class);

    private final RedisConnectionFactory connectionFactory;

    RedisAvailability(RedisConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** How long a PING took, or {@code null} when Redis did not answer. */
    public @Nullable Duration ping() {
        long start = System.nanoTime();
        try (RedisConnection connection = this.connectionFactory.getConnection()) {
            connection.ping();
            return Duration.ofNanos(System.nanoTime() - start);
        }
        catch (DataAccessException | IllegalStateException ex) {
            // expected while Redis is down or restarting; health says so
            logger.debug("Redis ping failed: " + ex);
            return null;
        }
    }
}
