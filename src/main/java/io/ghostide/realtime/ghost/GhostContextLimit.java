package io.ghostide.realtime.ghost;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The size of a question's {@code context}: the length of every key and string in it, nested
 * maps and lists included, counted without building anything and stopping at the limit.
 */
final class GhostContextLimit {

    private GhostContextLimit() {
    }

    /** Why the context is too large, or null when it is within {@code limit}. */
    static @Nullable String problemWith(@Nullable Map<String, Object> context, DataSize limit) {
        if (context == null) {
            return null;
        }
        long max = limit.toBytes();
        long size = 0;
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(context);
        while (!pending.isEmpty() && size <= max) {
            Object value = pending.pop();
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += String.valueOf(entry.getKey()).length();
                    if (entry.getValue() != null) {
                        pending.push(entry.getValue());
                    }
                }
            }
            else if (value instanceof Iterable<?> items) {
                for (Object item : items) {
                    if (item != null) {
                        pending.push(item);
                    }
                }
            }
            else {
                size += String.valueOf(value).length();
            }
        }
        return size <= max ? null : "The context of a question may hold at most " + max
                + " characters (ghostide.ghost.max-context-size); send the code Ghost should look at, not more";
    }
}
