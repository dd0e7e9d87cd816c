package io.ghostide.realtime.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionSequencerTests {

    private final SessionSequencer sequencer = new SessionSequencer();

    @Test
    void eachSessionCountsFromOne() {
        assertThat(this.sequencer.<Long>next("a", seq -> seq)).isEqualTo(1);
        assertThat(this.sequencer.<Long>next("a", seq -> seq)).isEqualTo(2);
        assertThat(this.sequencer.<Long>next("b", seq -> seq)).isEqualTo(1);
        assertThat(this.sequencer.lastSeq("a")).isEqualTo(2);
    }

    @Test
    void aFailedPublishDoesNotUseUpItsSeq() {
        this.sequencer.<Long>next("a", seq -> seq);
        assertThatThrownBy(() -> this.sequencer.<Long>next("a", seq -> {
            throw new IllegalStateException("serialization failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(this.sequencer.<Long>next("a", seq -> seq)).isEqualTo(2);
    }

    @Test
    void onlyIdleUnusedSessionsAreRetired() {
        this.sequencer.<Long>next("busy", seq -> seq);
        this.sequencer.<Long>next("watched", seq -> seq);
        this.sequencer.<Long>next("idle", seq -> seq);
        assertThat(this.sequencer.retire(Long.MAX_VALUE, id -> false)).isZero();
        assertThat(this.sequencer.retire(0, "watched"::equals)).isEqualTo(2);
        assertThat(this.sequencer.lastSeq("watched")).isEqualTo(1);
        assertThat(this.sequencer.lastSeq("idle")).isZero();
        assertThat(this.sequencer.<Long>next("idle", seq -> seq)).isEqualTo(1);
    }
}
