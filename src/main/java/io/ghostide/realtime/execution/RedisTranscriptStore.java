package io.ghostide.realtime.execution;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Transcripts in Redis ({@code redis} mode), so that every instance serves every run's. A run's
 * events are a list (a kind letter and the text each), its status a hash beside it; both expire
 * {@code transcript-retention} after the run ended, and the bounds of {@link LocalTranscriptStore}
 * hold for all instances together, counted in UTF-8 bytes. Output is not written a chunk at a
 * time on the run's thread: appends queue here and one writer sends what has queued for a run in
 * one script call, so a run costs a round trip per batch, and a fast run's batches grow instead
 * of its calls. The end of a run is written after everything before it, and before the session
 * hears it ({@link RunAnnouncements}).
 */
final class RedisTranscriptStore implements TranscriptStore, DisposableBean {

    private static final Log logger = LogFactory.getLog(RedisTranscriptStore.class);

    // what one append call takes at most: the unpack of its arguments in Lua is bounded
    private static final int MAX_BATCH_EVENTS = 500;

    private static final long MAX_BATCH_BYTES = 1 << 20;

    private static final Duration FINISH_WAIT = Duration.ofSeconds(10);

    private static final int APPEND_ATTEMPTS = 3;

    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final RedisConnections.Script openScript = RedisConnections.Script.load("transcript-open.lua");

    private final RedisConnections.Script appendScript = RedisConnections.Script.load("transcript-append.lua");

    private final RedisConnections.Script finishScript = RedisConnections.Script.load("transcript-finish.lua");

    private final RedisConnections.Script evictScript = RedisConnections.Script.load("transcript-evict.lua");

    private final RedisConnections.Script readScript = RedisConnections.Script.load("transcript-read.lua");

    private final RedisConnections.Script runsScript = RedisConnections.Script.load("transcript-runs.lua");

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final RunControlProperties properties;

    // the longest a run can last once its transcript opened: its timeout and the time to tear it down
    private final Duration longestRun;

    private final Clock clock;

    // execution id -> the events not written yet
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();

    // the one writer: a run's batches are written in the order they were taken
    private final ExecutorService writer = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("transcripts-"));

    RedisTranscriptStore(RedisConnections redis, RedisKeys keys, RunControlProperties properties, Duration longestRun,
            Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
        this.longestRun = longestRun;
        this.clock = clock;
    }

    @Override
    public void open(String executionId, String sessionId, String language, Instant startedAt) {
        long now = this.clock.millis();
        long latestEnd = now + this.longestRun.toMillis();
        try {
            this.openScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                    new byte[][] { meta(executionId), events(executionId), this.keys.transcripts("order"),
                            this.keys.transcripts("session:" + sessionId), this.keys.transcripts("sessions"),
                            this.keys.transcripts("sizes") },
                    bytes(executionId), bytes(sessionId), bytes(language), number(startedAt.toEpochMilli()),
                    number(latestEnd), number(latestEnd - now + this.properties.transcriptRetention().toMillis()));
            evict(now);
        }
        catch (RedisException ex) {
            // the run goes on; its transcript is missing, as the session history is while Redis is away
            logger.warn("Could not open the transcript of run " + executionId + ": " + ex);
        }
    }

    @Override
    public void append(String executionId, String kind, String text) {
        Batch batch = this.batches.computeIfAbsent(executionId, id -> new Batch());
        boolean schedule;
        synchronized (batch) {
            batch.events.add(bytes(kindLetter(kind) + text));
            batch.queued++;
            schedule = !batch.scheduled;
            batch.scheduled = true;
        }
        if (schedule) {
            this.writer.execute(() -> write(executionId, batch));
        }
    }

    @Override
    public void finish(String executionId, String status) {
        try {
            // after every batch queued before it, on the writer
            this.writer.submit(() -> {
                Batch batch = this.batches.remove(executionId);
                if (batch != null) {
                    write(executionId, batch);
                }
                long now = this.clock.millis();
                this.finishScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                        new byte[][] { meta(executionId), events(executionId), this.keys.transcripts("order"),
                                this.keys.transcripts("session:" + sessionOf(executionId)) },
                        bytes(executionId), bytes(status), number(now),
                        number(this.properties.transcriptRetention().toMillis()));
                evict(now);
                return null;
            }).get(FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException ex) {
            logger.warn("Could not end the transcript of run " + executionId + ": " + ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Page> read(String executionId, int from, int max) {
        int start = Math.max(0, from);
        List<Object> reply = call(() -> this.readScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                new byte[][] { meta(executionId), events(executionId) }, number(start), number(max)));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        int held = (int) (long) (Long) reply.get(4);
        List<Event> events = new ArrayList<>(reply.size() - 5);
        for (int i = 5; i < reply.size(); i++) {
            events.add(event(start + i - 5, (byte[]) reply.get(i)));
        }
        int end = start + events.size();
        boolean ended = !text(reply.get(3)).isEmpty();
        return Optional.of(new Page(executionId, text(reply.get(0)), text(reply.get(1)), text(reply.get(2)),
                ended && end >= held, events, Math.max(start, end)));
    }

    @Override
    public List<RunSummary> runs(String sessionId) {
        List<Object> reply = call(() -> this.runsScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                new byte[][] { this.keys.transcripts("session:" + sessionId) }, bytes(this.keys.transcriptsPrefix())));
        List<RunSummary> runs = new ArrayList<>(reply.size() / 6);
        for (int i = 0; i + 5 < reply.size(); i += 6) {
            String ended = text(reply.get(i + 4));
            runs.add(new RunSummary(text(reply.get(i)), sessionId, text(reply.get(i + 1)), text(reply.get(i + 2)),
                    Instant.ofEpochMilli(Long.parseLong(text(reply.get(i + 3)))),
                    ended.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(ended)),
                    (int) (long) (Long) reply.get(i + 5)));
        }
        return runs;
    }

    // on the writer: what queued for the run, in calls of a bounded size
    private void write(String executionId, Batch batch) {
        List<byte[]> taken;
        int first;
        synchronized (batch) {
            taken = batch.events;
            first = batch.queued - taken.size();
            batch.events = new ArrayList<>();
            batch.scheduled = false;
        }
        int from = 0;
        while (from < taken.size()) {
            List<byte[]> args = new ArrayList<>();
            args.add(bytes(executionId));
            args.add(number(first + from));
            long size = 0;
            int to = from;
            while (to < taken.size() && to - from < MAX_BATCH_EVENTS
                    && (to == from || size + taken.get(to).length <= MAX_BATCH_BYTES)) {
                size += taken.get(to).length;
                args.add(taken.get(to++));
            }
            append(executionId, args.toArray(byte[][]::new), to - from);
            from = to;
        }
    }

    // a call whose reply was lost (a timeout after a pause) is tried again: the script skips what it wrote already
    private void append(String executionId, byte[][] args, int events) {
        for (int attempt = 1;; attempt++) {
            try {
                this.appendScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                        new byte[][] { meta(executionId), events(executionId), this.keys.transcripts("sizes"),
                                this.keys.transcripts("total") }, args);
                return;
            }
            catch (RuntimeException ex) {
                if (attempt == APPEND_ATTEMPTS) {
                    // Redis away: this part of the transcript is lost, as the session history is
                    logger.warn("Could not write " + events + " events of the transcript of run " + executionId + ": " + ex);
                    return;
                }
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void evict(long now) {
        this.evictScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                new byte[][] { this.keys.transcripts("order"), this.keys.transcripts("sizes"),
                        this.keys.transcripts("sessions"), this.keys.transcripts("total") },
                number(now), number(this.properties.transcriptRetention().toMillis()),
                number(this.properties.transcriptTotalBytes().toBytes()), number(this.properties.maxTranscripts()),
                bytes(this.keys.transcriptsPrefix()));
    }

    private String sessionOf(String executionId) {
        byte[] session = this.redis.commands().hget(this.keys.transcripts("sessions"), bytes(executionId));
        return session == null ? "" : new String(session, StandardCharsets.UTF_8);
    }

    private byte[] meta(String executionId) {
        return this.keys.transcripts("meta:" + executionId);
    }

    private byte[] events(String executionId) {
        return this.keys.transcripts("events:" + executionId);
    }

    private static <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    private static char kindLetter(String kind) {
        return switch (kind) {
            case "stdout" -> 'o';
            case "stderr" -> 'e';
            case "input" -> 'i';
            default -> throw new IllegalArgumentException("Unknown transcript event kind " + kind);
        };
    }

    private static Event event(int index, byte[] stored) {
        String kind = switch (stored[0]) {
            case 'o' -> "stdout";
            case 'e' -> "stderr";
            default -> "input";
        };
        return new Event(index, kind, new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] number(long value) {
        return bytes(Long.toString(value));
    }

    private static String text(@Nullable Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public void destroy() {
        this.writer.shutdown();
        try {
            this.writer.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The events of one run not written yet; its monitor guards them. */
    private static final class Batch {

        List<byte[]> events = new ArrayList<>();

        // events appended in all: the index of the next one
        int queued;

        boolean scheduled;
    }
}
