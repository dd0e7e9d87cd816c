package io.ghostide.realtime.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one subscriber heard of a session, across its reconnects: the {@code seq} of every frame
 * that has one, and the number {@code n} of every {@code session_update} a test published, in
 * the order they arrived.
 */
public final class SessionTrail {

    // the longest a subscriber may be kept waiting for its next frame
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name;

    private final List<Long> seqs = new ArrayList<>();

    private final List<Integer> numbers = new ArrayList<>();

    // n -> the seq it arrived with
    private final Map<Integer, Long> seqOfNumber = new HashMap<>();

    public SessionTrail(String name) {
        this.name = name;
    }

    /** Records a frame; frames without a {@code seq} (replies, {@code connect}, {@code subscribed}) are not history. */
    public synchronized void add(JsonNode frame) {
        if (!frame.has("seq")) {
            return;
        }
        this.seqs.add(frame.get("seq").asLong());
        JsonNode n = frame.path("data").path("details").path("n");
        if ("session_update".equals(frame.path("type").asString()) && n.isNumber()) {
            this.numbers.add(n.asInt());
            this.seqOfNumber.put(n.asInt(), frame.get("seq").asLong());
        }
    }

    /** Reads frames from {@code next} (a client's or a subscription's) into the trail until it holds message {@code n}. */
    public void readUntil(Function<Duration, JsonNode> next, int n) {
        while (lastNumber() < n) {
            add(next.apply(WAIT));
        }
    }

    /**
     * Adds the frames that had arrived and not been read yet, as from a connection that has ended:
     * {@code poll} answers null once none comes within {@code quiet}.
     */
    public void readRest(Poll poll, Duration quiet) throws InterruptedException {
        for (JsonNode frame; (frame = poll.poll(quiet)) != null;) {
            add(frame);
        }
    }

    public synchronized long lastSeq() {
        return this.seqs.isEmpty() ? 0 : this.seqs.get(this.seqs.size() - 1);
    }

    public synchronized int lastNumber() {
        return this.numbers.isEmpty() ? 0 : this.numbers.get(this.numbers.size() - 1);
    }

    public synchronized List<Long> seqs() {
        return List.copyOf(this.seqs);
    }

    public synchronized List<Integer> numbers() {
        return List.copyOf(this.numbers);
    }

    /** n -> the {@code seq} it arrived with. */
    public synchronized Map<Integer, Long> seqOfNumber() {
        return Map.copyOf(this.seqOfNumber);
    }

    /** Every {@code seq} is one more than the one before it: nothing skipped, nothing twice. */
    public synchronized void assertGapless() {
        assertGapless(this.seqs);
    }

    /** The same for a stretch of the trail, such as one epoch. */
    public void assertGapless(List<Long> stretch) {
        for (int i = 1; i < stretch.size(); i++) {
            assertThat(stretch.get(i)).as("%s: seq after %s (position %d of %s)", this.name, stretch.get(i - 1), i, stretch)
                    .isEqualTo(stretch.get(i - 1) + 1);
        }
    }

    @Override
    public synchronized String toString() {
        return this.name + " seqs " + this.seqs + " numbers " + this.numbers;
    }

    /** A client's or a subscription's {@code poll}: a frame if one arrives within the timeout, else null. */
    @FunctionalInterface
    public interface Poll {

        @Nullable JsonNode poll(Duration timeout) throws InterruptedException;
    }
}
