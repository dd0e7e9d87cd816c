package io.ghostide.realtime.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ClientBucketSource} keeps, run by a subclass per implementation. */
abstract class ClientBucketSourceContractTests {

    /** The source under test; each call may stand for another instance. */
    protected abstract ClientBucketSource createSource();

    @Test
    void aBucketGivesItsBurstThenSaysHowLongToWait() {
        Bucket bucket = createSource().bucket("contract-burst-" + System.nanoTime(), 3, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryConsume(1)).isTrue();
        }
        ConsumptionProbe refused = bucket.tryConsumeAndReturnRemaining(1);
        assertThat(refused.isConsumed()).isFalse();
        assertThat(refused.getNanosToWaitForRefill()).isPositive();
    }

    @Test
    void differentKeysHaveTheirOwnBuckets() {
        ClientBucketSource source = createSource();
        String key = "contract-keys-" + System.nanoTime();
        assertThat(source.bucket(key + ":a", 1, 1).tryConsume(1)).isTrue();
        assertThat(source.bucket(key + ":b", 1, 1).tryConsume(1)).isTrue();
    }
}
