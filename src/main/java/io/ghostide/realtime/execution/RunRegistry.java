package io.ghostide.realtime.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The runs of this instance that have not ended, by execution id, and by the request id their
 * client gave, so that a stop can find a run whose start the client has not heard yet.
 */
final class RunRegistry {

    // execution id -> its control
    private final Map<String, RunControl> runs = new ConcurrentHashMap<>();

    // session id + '\n' + request id -> execution id
    private final Map<String, String> byRequest = new ConcurrentHashMap<>();

    void register(RunControl control) {
        this.runs.put(control.executionId(), control);
        if (control.requestId() != null) {
            this.byRequest.put(requestKey(control.sessionId(), control.requestId()), control.executionId());
        }
    }

    void remove(RunControl control) {
        this.runs.remove(control.executionId(), control);
        if (control.requestId() != null) {
            this.byRequest.remove(requestKey(control.sessionId(), control.requestId()), control.executionId());
        }
    }

    @Nullable RunControl find(String executionId) {
        return this.runs.get(executionId);
    }

    @Nullable RunControl findByRequest(String sessionId, String requestId) {
        String executionId = this.byRequest.get(requestKey(sessionId, requestId));
        return executionId == null ? null : this.runs.get(executionId);
    }

    int size() {
        return this.runs.size();
    }

    private static String requestKey(String sessionId, String requestId) {
        return sessionId + '\n' + requestId;
    }
}
