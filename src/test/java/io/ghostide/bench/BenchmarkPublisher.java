package io.ghostide.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.StreamType;
import io.ghostide.realtime.system.SessionIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /benchmark/publish}: publishes numbered envelopes to sessions through
 * {@link MessageRouter} at a set rate, for the benchmark harness. It is bench code: it lives
 * outside the application's packages, so only {@link BenchmarkServer} registers it, and it is
 * never part of the production jar.
 */
@RestController
public class BenchmarkPublisher {

    private static final Log logger = LogFactory.getLog(BenchmarkPublisher.class);

    private static final int MAX_SESSIONS = 64;

    /**
     * What to publish: {@code count} messages to each session, {@code ratePerSecond} per session
     * (0: as fast as the router takes them), each carrying {@code payloadBytes} of padding.
     * {@code type} is {@code session_update} (default) or {@code execution_output}.
     */
    record PublishRequest(@NotEmpty @Size(max = MAX_SESSIONS) List<String> sessionIds,
            @Min(1) @Max(10_000_000) int count, @Min(0) @Max(1_000_000) int ratePerSecond,
            @Min(0) @Max(60_000) int payloadBytes, @Nullable String type) {
    }

    /**
     * What was done: messages published in all, wall time, the monotonic clock (microseconds,
     * {@code System.nanoTime() / 1000}) at the first and the last publish, and the achieved rate.
     */
    record PublishResult(long published, double elapsedMs, long firstSentUs, long lastSentUs, double achievedRate) {
    }

    private final MessageRouter router;

    BenchmarkPublisher(MessageRouter router) {
        this.router = router;
        logger.warn("Benchmark publisher at POST /benchmark/publish: for benchmark runs only, never in production");
    }

    @PostMapping("/benchmark/publish")
    PublishResult publish(@Valid @RequestBody PublishRequest request) throws InterruptedException {
        request.sessionIds().forEach(SessionIds::requireValid);
        boolean output = "execution_output".equals(request.type());
        String pad = "x".repeat(request.payloadBytes());
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        AtomicLong published = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (String sessionId : request.sessionIds()) {
            Thread thread = new Thread(() -> publishTo(sessionId, request, output, pad, start, first, last, published),
                    "bench-publish-" + sessionId);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsedMs = (System.nanoTime() - start) / 1e6;
        long count = published.get();
        return new PublishResult(count, elapsedMs, first.get(), last.get(),
                elapsedMs > 0 ? count * 1000.0 / elapsedMs : 0);
    }

    private void publishTo(String sessionId, PublishRequest request, boolean output, String pad, long start,
            AtomicLong first, AtomicLong last, AtomicLong published) {
        long interval = request.ratePerSecond() > 0 ? TimeUnit.SECONDS.toNanos(1) / request.ratePerSecond() : 0;
        long sent = 0;
        for (int i = 0; i < request.count(); i++) {
            if (interval > 0) {
                long due = start + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long sentUs = System.nanoTime() / 1000;
            if (i == 0) {
                first.accumulateAndGet(sentUs, Math::min);
            }
            if (output) {
                this.router.publishExecutionOutput(sessionId, "benchmark", i + " " + sentUs + " " + pad + "\n", StreamType.STDOUT);
            }
            else {
                // update_type "benchmark" is the benchmark's own, not one of the product's, so it goes out as a plain map
                this.router.publish(sessionId, MessageType.SESSION_UPDATE,
                        Map.of("update_type", "benchmark", "details", Map.of("i", i, "sent_us", sentUs, "pad", pad)));
            }
            sent++;
            if (i == request.count() - 1) {
                last.accumulateAndGet(sentUs, Math::max);
            }
        }
        published.addAndGet(sent);
    }
}
