package io.ghostide.realtime.execution;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /api/v1/languages}: every language with whether it can run here, the
 * isolation in use, and the limits of a run.
 */
record LanguagesResponse(List<LanguageInfo> languages, IsolationInfo isolation, LimitsInfo limits) {

    /** One language; {@code detail} says why it is unavailable. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LanguageInfo(String id, String name, boolean available, boolean compiled, @Nullable String version,
            @Nullable String detail) {
    }

    /**
     * The sandbox: {@code layer} is {@code bwrap}, {@code unshare} or {@code none};
     * {@code enabled} is false when runs are refused, and {@code refusal} says why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IsolationInfo(String layer, boolean sandboxed, boolean enabled, boolean ownUidPerRun,
            List<String> guarantees, @Nullable String refusal) {
    }

    /** The limits of one run. */
    record LimitsInfo(long defaultTimeoutSeconds, long maxTimeoutSeconds, long cpuTimeSeconds, long memoryBytes,
            int maxProcesses, long maxOutputBytes, int maxConcurrent, int queueCapacity) {
    }
}
