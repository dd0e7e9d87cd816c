package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.function.BiFunction;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jspecify.annotations.Nullable;

/**
 * How many of Ghost's reactions to hooks each session may have
 * ({@code ghostide.ghost.limits.reaction-burst}, {@code reactions-per-minute}): a bucket per session
 * in this process, or one in Redis that every instance takes from.
 */
final class ReactionBudgets {

    // session id and limit -> the bucket of the session's reactions: in this process, or in Redis for every instance
    private final BiFunction<String, Bandwidth, Bucket> buckets;

    /** Budgets kept in this process. */
    ReactionBudgets() {
        this((sessionId, limit) -> Bucket.builder().addLimit(limit).build());
    }

    /** @param buckets where each session's budget lives: Redis, so that every instance counts it */
    ReactionBudgets(BiFunction<String, Bandwidth, Bucket> buckets) {
        this.buckets = buckets;
    }

    /**
     * The budget of one session, its bucket made with the session's first reaction. It is held
     * with the session ({@link GhostSessions}), so in {@code local} mode a session forgotten there
     * starts again with a full budget; in {@code redis} mode the bucket outlives it.
     */
    Budget forSession(String sessionId) {
        return new Budget(sessionId, this.buckets);
    }

    /** One session's budget of reactions. */
    static final class Budget {

        private final String sessionId;

        private final BiFunction<String, Bandwidth, Bucket> buckets;

        // made with the first reaction; guarded by this
        private @Nullable Bucket bucket;

        private Budget(String sessionId, BiFunction<String, Bandwidth, Bucket> buckets) {
            this.sessionId = sessionId;
            this.buckets = buckets;
        }

        /** Takes one reaction; false when the budget is spent, or cannot be read (Redis away). */
        boolean take(int burst, int perMinute) {
            Bucket budget;
            synchronized (this) {
                if (this.bucket == null) {
                    this.bucket = this.buckets.apply(this.sessionId, Bandwidth.builder()
                            .capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build());
                }
                budget = this.bucket;
            }
            try {
                return budget.tryConsume(1);
            }
            catch (RuntimeException ex) {
                // the budget every instance shares is unreachable: skipped, never reacted to unchecked
                return false;
            }
        }
    }
}
