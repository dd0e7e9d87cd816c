package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.messaging.Payloads;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A {@link GhostChannel} that records what Ghost said, in order, for tests to take one by one. */
final class RecordingChannel implements GhostChannel {

    record Typing(String sessionId, boolean typing) {
    }

    record Chunk(String sessionId, String messageId, String delta, int index) {
    }

    record Response(String sessionId, Payloads.GhostMessage message, @Nullable Map<String, Object> context) {
    }

    record Error(String sessionId, String error, String detail) {
    }

    private final BlockingQueue<Object> said = new LinkedBlockingQueue<>();

    @Override
    public void typing(String sessionId, boolean typing) {
        this.said.add(new Typing(sessionId, typing));
    }

    @Override
    public void chunk(String sessionId, String messageId, String delta, int index) {
        this.said.add(new Chunk(sessionId, messageId, delta, index));
    }

    @Override
    public void response(String sessionId, Payloads.GhostMessage message, @Nullable Map<String, Object> context) {
        this.said.add(new Response(sessionId, message, context));
    }

    @Override
    public void error(String sessionId, String error, String detail) {
        this.said.add(new Error(sessionId, error, detail));
    }

    Object next() {
        try {
            // generous: only a failing test waits this long
            Object next = this.said.poll(20, TimeUnit.SECONDS);
            if (next == null) {
                fail("Ghost said nothing within 20 s");
            }
            return next;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    <T> T next(Class<T> type) {
        Object next = next();
        assertThat(next).isInstanceOf(type);
        return type.cast(next);
    }

    void expectTyping(boolean typing) {
        assertThat(next(Typing.class).typing()).isEqualTo(typing);
    }

    /** Asserts that nothing more is said within {@code quiet}. */
    void expectSilence(Duration quiet) throws InterruptedException {
        assertThat(this.said.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }
}
