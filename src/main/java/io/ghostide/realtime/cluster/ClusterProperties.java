package io.ghostide.realtime.cluster;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for running several instances, under {@code ghostide.cluster}.
 *
 * @param mode {@code local} (one process, all in memory or on local disk) or {@code redis} (shared through {@code spring.data.redis.url})
 * @param nodeId this instance's name in {@code nodes} and metrics; empty means the host name and a random suffix
 * @param heartbeat how often an instance reports its connections in {@code redis} mode
 * @param nodeTimeout an instance whose report is older than this has dropped out of the counts
 * @param keyPrefix the prefix of every Redis key and channel this server uses
 * @param drainDelay on shutdown, how long readiness reports down before connections are told {@code disconnect} 1001
 *        and closed: long enough for a load balancer's readiness checks to take the instance out (in any mode)
 * @param subscribeGrace in {@code redis} mode, how long after its last read here an instance keeps following a
 *        session (its channel subscribed) that has no connections here; checked every 5 s
 */
@Validated
@ConfigurationProperties("ghostide.cluster")
public record ClusterProperties(
        @DefaultValue("local") @NotNull Mode mode,
        @DefaultValue("") @NotNull String nodeId,
        @DefaultValue("5s") @NotNull Duration heartbeat,
        @DefaultValue("15s") @NotNull Duration nodeTimeout,
        @DefaultValue("ghostide:") @NotNull String keyPrefix,
        @DefaultValue("0s") @NotNull Duration drainDelay,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration subscribeGrace) {

    public ClusterProperties {
        if (drainDelay != null && drainDelay.isNegative()) {
            throw new IllegalArgumentException("ghostide.cluster.drain-delay must not be negative, was " + drainDelay);
        }
    }

    /** How shared state is kept. */
    public enum Mode { LOCAL, REDIS }

    /** Whether state is shared through Redis. */
    public boolean redis() {
        return this.mode == Mode.REDIS;
    }
}
