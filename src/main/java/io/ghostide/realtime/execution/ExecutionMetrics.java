package io.ghostide.realtime.execution;

import java.time.Duration;

import io.ghostide.realtime.messaging.ExecutionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of code execution: {@code ghostide.execution.runs} (a timer by language
 * and status), {@code ghostide.execution.rejected} (by reason), and gauges of the runs running
 * and waiting.
 */
final class ExecutionMetrics {

    private final MeterRegistry registry;

    ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bindGauges(ExecutionService service) {
        Gauge.builder("ghostide.execution.active", service, ExecutionService::activeRuns)
                .description("Runs executing now")
                .register(this.registry);
        Gauge.builder("ghostide.execution.queued", service, ExecutionService::queuedRuns)
                .description("Runs waiting for a free slot")
                .register(this.registry);
    }

    void recordRun(Language language, ExecutionResult result, Duration elapsed) {
        Timer.builder("ghostide.execution.runs")
                .description("Runs of code, from the start of their sandbox to their end")
                .tag("language", language.id())
                .tag("status", result.status().wireName())
                .register(this.registry)
                .record(elapsed);
    }

    void recordRejected(String reason) {
        Counter.builder("ghostide.execution.rejected")
                .description("Runs refused before they started")
                .tag("reason", reason)
                .register(this.registry)
                .increment();
    }
}
