package io.ghostide.realtime.ghost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ghostide.realtime.ghost.advice.ErrorAdvisor;

import static io.ghostide.realtime.ghost.advice.AdviceMessages.text;

/**
 * The provider that needs nothing: writes the whole answer at once ({@link ErrorAdvisor},
 * {@link OfflineChat}, {@link OfflineRemarks}), then streams it a few words at a time, so clients
 * see the same chunks as with a model.
 */
final class OfflineGhostProvider implements GhostProvider {

    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private static final int WORDS_PER_CHUNK = 4;

    private final ErrorAdvisor advisor;

    private final OfflineChat chat;

    private final ScheduledExecutorService scheduler;

    private final Duration chunkDelay;

    OfflineGhostProvider(ErrorAdvisor advisor, ScheduledExecutorService scheduler, Duration chunkDelay) {
        this.advisor = advisor;
        this.chat = new OfflineChat(advisor);
        this.scheduler = scheduler;
        this.chunkDelay = chunkDelay;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Stream stream(GhostPrompt prompt, Listener listener) {
        String text;
        try {
            text = write(prompt);
        }
        catch (RuntimeException ex) {
            listener.onError(new Failure("Ghost got confused",
                    "The offline assistant failed to write an answer: " + ex));
            return () -> { };
        }
        Emitter emitter = new Emitter(chunks(text), listener);
        try {
            this.scheduler.execute(emitter);
        }
        catch (RejectedExecutionException ex) {
            listener.onError(new Failure("Ghost is unavailable", "The server is shutting down"));
        }
        return emitter;
    }

    String write(GhostPrompt prompt) {
        return switch (prompt.trigger()) {
            case CHAT -> this.chat.answer(prompt);
            case ON_ERROR -> prompt.run() != null
                    ? RunDiagnoses.diagnose(this.advisor, prompt.run(), prompt.session().savedFiles()).text()
                    : text("remark.error.unseen");
            case ON_RUN -> OfflineRemarks.onRun(prompt.run());
            case ON_SAVE -> OfflineRemarks.onSave(prompt.saved(), prompt.session());
        };
    }

    /** The text in pieces of a few words; joined, the pieces are exactly the text. */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        StringBuilder chunk = new StringBuilder();
        int words = 0;
        int end = 0;
        while (word.find()) {
            chunk.append(text, end, word.end());
            end = word.end();
            if (++words == WORDS_PER_CHUNK) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
                words = 0;
            }
        }
        chunk.append(text.substring(end));
        if (chunk.length() > 0) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }

    // emits one chunk per turn on the scheduler, so a cancel between chunks stops it
    private final class Emitter implements Runnable, Stream {

        private final List<String> chunks;

        private final Listener listener;

        private int next;

        private volatile boolean cancelled;

        Emitter(List<String> chunks, Listener listener) {
            this.chunks = chunks;
            this.listener = listener;
        }

        @Override
        public void run() {
            while (!this.cancelled && this.next < this.chunks.size()) {
                this.listener.onToken(this.chunks.get(this.next++));
                if (!OfflineGhostProvider.this.chunkDelay.isZero() && this.next < this.chunks.size()) {
                    try {
                        OfflineGhostProvider.this.scheduler.schedule(this,
                                OfflineGhostProvider.this.chunkDelay.toNanos(), TimeUnit.NANOSECONDS);
                    }
                    catch (RejectedExecutionException ex) {
                        this.listener.onError(new Failure("Ghost is unavailable", "The server is shutting down"));
                    }
                    return;
                }
            }
            if (!this.cancelled) {
                this.listener.onComplete();
            }
        }

        @Override
        public void cancel() {
            this.cancelled = true;
        }

        @Override
        public String toString() {
            return "offline answer of " + this.chunks.size() + " chunks".toLowerCase(Locale.ROOT);
        }
    }
}
