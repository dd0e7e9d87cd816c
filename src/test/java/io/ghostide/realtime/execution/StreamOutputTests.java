package io.ghostide.realtime.execution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ghostide.realtime.messaging.StreamType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamOutputTests {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();

    private final AtomicInteger limitReached = new AtomicInteger();

    @AfterEach
    void stopScheduler() {
        this.scheduler.shutdownNow();
    }

    private StreamOutput output(long limit) {
        return output(limit, Duration.ofMillis(50));
    }

    private StreamOutput output(long limit, Duration flushInterval) {
        return new StreamOutput(StreamType.STDOUT, limit, flushInterval, this.scheduler,
                (stream, text) -> this.sent.add(text), this.limitReached::incrementAndGet);
    }

    private static void write(StreamOutput output, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.accept(bytes, bytes.length);
    }

    @Test
    void aLineOfASlowWriterIsSentWithoutAnotherWriteOrAClose() throws InterruptedException {
        StreamOutput output = output(1024);
        write(output, "first\n");
        // nothing else comes to the stream: only its flush can send the line
        assertThat(this.sent.poll(30, TimeUnit.SECONDS)).isEqualTo("first\n");
    }

    @Test
    void onlyTheFirstLineOfAQuietStreamSkipsTheFlushInterval() throws InterruptedException {
        // a long interval, so that a busy machine cannot pull the two writes apart
        StreamOutput output = output(1024, Duration.ofMillis(500));
        write(output, "first\n");
        assertThat(this.sent.poll(2, TimeUnit.SECONDS)).isEqualTo("first\n");
        write(output, "second\n");
        write(output, "third\n");
        assertThat(this.sent.poll()).isNull();
        assertThat(this.sent.poll(2, TimeUnit.SECONDS)).isEqualTo("second\nthird\n");
    }

    @Test
    void aLineHeldBackByTheIntervalGoesOutBeforeALaterLineOfTheOtherStream() throws InterruptedException {
        // a long interval: stdout's second line waits for it, stderr's first line would not
        BlockingQueue<String> both = new LinkedBlockingQueue<>();
        StreamOutput stdout = new StreamOutput(StreamType.STDOUT, 1024, Duration.ofSeconds(30), this.scheduler,
                (stream, text) -> both.add(stream.wireName() + ":" + text), this.limitReached::incrementAndGet);
        StreamOutput stderr = stdout.sibling(StreamType.STDERR);
        write(stdout, "step 3\n");
        assertThat(both.poll(10, TimeUnit.SECONDS)).isEqualTo("stdout:step 3\n");
        write(stdout, "counting\n");
        write(stderr, "Traceback\n");
        assertThat(both.poll(10, TimeUnit.SECONDS)).isEqualTo("stdout:counting\n");
        assertThat(both.poll(10, TimeUnit.SECONDS)).isEqualTo("stderr:Traceback\n");
        stdout.close();
        stderr.close();
        assertThat(both.poll()).isNull();
    }

    @Test
    void aFastWritersLinesGoOutTogether() throws InterruptedException {
        StreamOutput output = output(1 << 20);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            write(output, "line " + i + "\n");
            expected.append("line ").append(i).append('\n');
        }
        output.close();
        List<String> chunks = new ArrayList<>();
        this.sent.drainTo(chunks);
        assertThat(String.join("", chunks)).isEqualTo(expected.toString());
        assertThat(chunks).hasSizeLessThan(10);
        assertThat(output.text()).isEqualTo(expected.toString());
    }

    @Test
    void bytesBeyondTheLimitAreDroppedStoppingTheRunOnce() {
        StreamOutput output = output(10);
        write(output, "0123456");
        write(output, "789abc");
        write(output, "more");
        output.close();
        assertThat(output.text()).isEqualTo("0123456789");
        assertThat(output.truncated()).isTrue();
        assertThat(this.limitReached).hasValue(1);
        List<String> chunks = new ArrayList<>();
        this.sent.drainTo(chunks);
        assertThat(String.join("", chunks)).isEqualTo("0123456789");
    }

    @Test
    void nothingIsSentAfterClose() throws InterruptedException {
        StreamOutput output = output(1024);
        write(output, "kept");
        output.close();
        write(output, "late");
        assertThat(this.sent.poll(1, TimeUnit.SECONDS)).isEqualTo("kept");
        assertThat(this.sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(output.text()).isEqualTo("kept");
    }
}
