package io.ghostide.realtime.ghost;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.fail;

/** A provider the test drives by hand: each answer it is asked for waits in a queue as a {@link Script}. */
final class ScriptedProvider implements GhostProvider {

    /** One answer in the making; the test sends its tokens, its end or its failure. */
    static final class Script implements Stream {

        final GhostPrompt prompt;

        private final Listener listener;

        volatile boolean cancelled;

        Script(GhostPrompt prompt, Listener listener) {
            this.prompt = prompt;
            this.listener = listener;
        }

        Script token(String delta) {
            this.listener.onToken(delta);
            return this;
        }

        void complete() {
            this.listener.onComplete();
        }

        void fail(String error, String detail) {
            this.listener.onError(new Failure(error, detail));
        }

        @Override
        public void cancel() {
            this.cancelled = true;
        }
    }

    private final BlockingQueue<Script> started = new LinkedBlockingQueue<>();

    private volatile Consumer<Script> onStart = script -> { };

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public Stream stream(GhostPrompt prompt, Listener listener) {
        Script script = new Script(prompt, listener);
        this.onStart.accept(script);
        this.started.add(script);
        return script;
    }

    void onStart(Consumer<Script> action) {
        this.onStart = action;
    }

    Script nextStarted() {
        try {
            Script script = this.started.poll(20, TimeUnit.SECONDS);
            if (script == null) {
                fail("No answer was started within 5 s");
            }
            return script;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    Script pollStarted(long millis) throws InterruptedException {
        return this.started.poll(millis, TimeUnit.MILLISECONDS);
    }
}
