package io.ghostide.realtime.execution;

import io.ghostide.realtime.messaging.ExecutionResult;

/**
 * The ExecutionResult as the session hears it in {@code execution_complete} and as the
 * {@code on_error} hook carries it: each stream cut to its last {@link #MAX_STREAM_JSON_BYTES}.
 * The session already heard every byte in {@code execution_output}, and one frame of up to twice
 * the output limit would exceed a connection's send buffer ({@code ghostide.connection.send-buffer-size},
 * 512 KiB by default), which closes the connection as too slow. The HTTP caller gets the whole result.
 */
final class SessionResults {

    /** The most JSON bytes of stdout and of stderr an {@code execution_complete} repeats. */
    static final int MAX_STREAM_JSON_BYTES = 64 * 1024;

    private SessionResults() {
    }

    /** The result itself if both streams fit, else a copy with each stream's tail and {@code truncated: true}. */
    static ExecutionResult bounded(ExecutionResult result) {
        return bounded(result, MAX_STREAM_JSON_BYTES);
    }

    static ExecutionResult bounded(ExecutionResult result, int maxStreamJsonBytes) {
        String stdout = tail(result.stdout(), maxStreamJsonBytes);
        String stderr = tail(result.stderr(), maxStreamJsonBytes);
        if (stdout == result.stdout() && stderr == result.stderr()) {
            return result;
        }
        return new ExecutionResult(stdout, stderr, result.exitCode(), result.executionTime(), result.timedOut(),
                result.status(), true, result.stoppedBy());
    }

    /** The text itself if it fits, else its longest tail that does, never starting inside a surrogate pair. */
    static String tail(String text, int maxJsonBytes) {
        if (Utf8Chunker.jsonBytes(text) <= maxJsonBytes) {
            return text;
        }
        int start = text.length();
        int cost = 0;
        while (start > 0) {
            int charCost = Utf8Chunker.jsonBytes(text.charAt(start - 1));
            if (cost + charCost > maxJsonBytes) {
                break;
            }
            cost += charCost;
            start--;
        }
        if (start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return text.substring(start);
    }
}
