package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.messaging.Payloads;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** What a provider can make Ghost do is bounded: an answer's size, its chunks, calls in flight, reactions. */
class GhostAnswerLimitsTests extends GhostResponderTestSupport {

    private GhostResponder responder(GhostProperties.Limits limits) {
        return responder(this.provider, properties(Duration.ofSeconds(5), Duration.ofSeconds(20), 20, 4, limits));
    }

    private static GhostProperties.Limits limits(long maxAnswer, Duration interval, int maxCalls, int burst) {
        return new GhostProperties.Limits(DataSize.ofBytes(maxAnswer), interval, DataSize.ofBytes(256), maxCalls, 1, burst);
    }

    @Test
    void anAnswerWithoutEndIsDeliveredTruncatedAtMaxAnswerSize() throws Exception {
        CompletableFuture<Payloads.GhostMessage> answer = responder(limits(1000, Duration.ZERO, 4, 3)).chat("s1", "hi", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        // a busy machine may take a while to hold the stream: send until cut, within a generous deadline
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!script.cancelled && System.nanoTime() < deadline) {
            script.token("abc");
        }
        // cancelled at the bound (tokens sent before the reply holds its stream are dropped, then it is cancelled)
        assertThat(script.cancelled).as("the stream is cancelled").isTrue();
        Payloads.GhostMessage message = answer.get(10, TimeUnit.SECONDS);
        assertThat(message.content()).hasSize(1000);
        assertThat(message.context()).containsEntry("truncated", true);
    }

    @Test
    void deltasAreGatheredIntoFewChunksWithContiguousIndexes() throws Exception {
        CompletableFuture<Payloads.GhostMessage> answer = responder(limits(100_000, Duration.ofMillis(200), 4, 3))
                .chat("s1", "hi", null);
        ScriptedProvider.Script script = this.provider.nextStarted();
        for (int i = 0; i < 2000; i++) {
            script.token("t");
        }
        script.complete();
        Payloads.GhostMessage message = answer.get(10, TimeUnit.SECONDS);
        this.channel.expectTyping(true);
        List<RecordingChannel.Chunk> chunks = new ArrayList<>();
        Object said;
        while ((said = this.channel.next()) instanceof RecordingChannel.Chunk chunk) {
            chunks.add(chunk);
        }
        assertThat(said).isInstanceOf(RecordingChannel.Response.class);
        // 2000 tokens, at most 256 characters a chunk: eight chunks and what the timer sent between
        assertThat(chunks).hasSizeBetween(8, 40);
        assertThat(chunks).extracting(RecordingChannel.Chunk::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
        assertThat(String.join("", chunks.stream().map(RecordingChannel.Chunk::delta).toList()))
                .isEqualTo(message.content()).hasSize(2000);
    }

    @Test
    void reactionsOfManySessionsNeverHoldMoreThanMaxProviderCalls() throws Exception {
        GhostResponder responder = responder(limits(100_000, Duration.ZERO, 2, 3));
        for (int i = 0; i < 50; i++) {
            responder.runFailed("s" + i, failedRun("run-" + i, "KeyError: 'x'"));
        }
        List<ScriptedProvider.Script> started = new ArrayList<>();
        ScriptedProvider.Script script;
        while ((script = this.provider.pollStarted(1000)) != null) {
            started.add(script);
        }
        // the rest were skipped, not queued: ending these starts no other
        assertThat(started).hasSize(2);
        assertThat(responder.providerCallsInFlight()).isEqualTo(2);
        started.forEach(ScriptedProvider.Script::complete);
        assertThat(this.provider.pollStarted(500)).isNull();
        assertThat(responder.providerCallsInFlight()).isZero();
    }

    @Test
    void aQuestionWaitsForAFreeProviderCall() throws Exception {
        GhostResponder responder = responder(limits(100_000, Duration.ZERO, 1, 3));
        CompletableFuture<Payloads.GhostMessage> first = responder.chat("s1", "one?", null);
        CompletableFuture<Payloads.GhostMessage> second = responder.chat("s2", "two?", null);
        ScriptedProvider.Script running = this.provider.nextStarted();
        assertThat(this.provider.pollStarted(500)).isNull();
        running.token("1").complete();
        ScriptedProvider.Script next = this.provider.nextStarted();
        next.token("2").complete();
        assertThat(first.get(10, TimeUnit.SECONDS).content()).isEqualTo("1");
        assertThat(second.get(10, TimeUnit.SECONDS).content()).isEqualTo("2");
    }

    @Test
    void reactionsPastTheSessionsBudgetAreSkipped() throws Exception {
        GhostResponder responder = responder(limits(100_000, Duration.ZERO, 100, 3));
        int started = 0;
        for (int i = 0; i < 30; i++) {
            responder.runFailed("s1", failedRun("run-" + i, "KeyError: 'x'"));
            ScriptedProvider.Script script = this.provider.pollStarted(200);
            if (script != null) {
                started++;
                script.token("advice").complete();
            }
        }
        // the burst of 3, and at most one more refilled meanwhile (one a minute)
        assertThat(started).isBetween(3, 4);
    }
}
