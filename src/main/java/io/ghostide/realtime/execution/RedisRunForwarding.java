package io.ghostide.realtime.execution;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.system.SharedStateUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stops and input for a run of another instance, over Redis pub/sub: the command is published on
 * its owner's channel; the owner steers the run as for a local caller and publishes the answer on
 * the sender's channel, which waits for it at most {@code forward-timeout}. The sender of input
 * waits before it takes the next command of its connection, so one connection's input reaches
 * the run in the order it was sent.
 */
final class RedisRunForwarding {

    private static final Log logger = LogFactory.getLog(RedisRunForwarding.class);

    /**
     * A stop or input for a run of the instance whose channel it is sent on; {@code data} is null
     * for a stop. Past {@code expiresAt} (epoch ms) its sender has answered 503, so the owner
     * drops it: a refused command must not be carried out after all.
     */
    record Forwarded(String id, String replyTo, String executionId, String sessionId, String user,
            @Nullable String data, boolean eof, long expiresAt) {
    }

    /** The owner's answer: {@code status} 0 when it was done, else the refusal it gave. */
    record Answer(String id, int status, @Nullable String title, @Nullable String detail) {
    }

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final String nodeId;

    private final Duration forwardTimeout;

    private final JsonMapper json;

    // forwarded id -> the answer the sender waits for
    private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();

    // one thread takes the forwarded commands in the order they came, off Lettuce's I/O thread
    private final ExecutorService owner = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("run-forwarded-"));

    private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    private volatile @Nullable RunSteering steering;

    RedisRunForwarding(RedisConnections redis, RedisKeys keys, String nodeId, Duration forwardTimeout, JsonMapper json) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.forwardTimeout = forwardTimeout;
        this.json = json;
    }

    /** Steers this instance's runs with {@code runs} when another instance asks. */
    void serve(RunSteering runs) {
        this.steering = runs;
    }

    /** Stops the run on its instance. */
    void stop(RemoteRuns.RemoteRun run, String by) {
        forward(run, new Forwarded(UUID.randomUUID().toString(), this.nodeId, run.executionId(), run.sessionId(), by,
                null, false, expiry()));
    }

    /** Gives input to the run on its instance. */
    void input(RemoteRuns.RemoteRun run, String data, boolean eof, String user) {
        forward(run, new Forwarded(UUID.randomUUID().toString(), this.nodeId, run.executionId(), run.sessionId(), user,
                data, eof, expiry()));
    }

    private long expiry() {
        return System.currentTimeMillis() + this.forwardTimeout.toMillis();
    }

    private void forward(RemoteRuns.RemoteRun run, Forwarded request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        this.pending.put(request.id(), answer);
        try {
            subscribe();
            long receivers = this.redis.commands().publish(this.keys.runChannel(run.nodeId()), message('Q', request));
            if (receivers == 0) {
                throw new ExecutionRejectedException(503, "Run unreachable", "the instance that runs " + run.executionId()
                        + " (" + run.nodeId() + ") is not connected; try again shortly", run.executionId());
            }
            Answer done = answer.get(this.forwardTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (done.status() != 0) {
                throw new ExecutionRejectedException(done.status(), String.valueOf(done.title()),
                        String.valueOf(done.detail()), run.executionId());
            }
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        catch (TimeoutException ex) {
            throw new ExecutionRejectedException(503, "Run unreachable", "the instance that runs " + run.executionId()
                    + " (" + run.nodeId() + ") did not answer within " + this.forwardTimeout.toMillis()
                    + " ms (ghostide.execution.forward-timeout)", run.executionId());
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Forwarding to " + run.nodeId() + " failed", ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ExecutionRejectedException(503, "Interrupted", "the server is stopping", run.executionId());
        }
        finally {
            this.pending.remove(request.id());
        }
    }

    // on the owner's thread: what a local caller would have been answered
    private void answer(Forwarded request) {
        if (System.currentTimeMillis() > request.expiresAt()) {
            // its sender gave up (this instance was paused or far behind): carrying it out now would surprise it
            logger.warn("Dropped a forwarded command for run " + request.executionId() + " that came after its sender"
                    + " gave up on it");
            return;
        }
        RunSteering runs = this.steering;
        Answer answer;
        try {
            if (runs == null) {
                throw new ExecutionRejectedException(503, "Starting", "the instance is starting", request.executionId());
            }
            if (request.data() == null) {
                runs.stopHere(request.executionId(), request.user());
            }
            else {
                runs.inputHere(request.sessionId(), request.executionId(), request.data(), request.eof(), request.user());
            }
            answer = new Answer(request.id(), 0, null, null);
        }
        catch (ExecutionRejectedException ex) {
            answer = new Answer(request.id(), ex.status(), ex.title(), ex.detail());
        }
        catch (SharedStateUnavailableException ex) {
            answer = new Answer(request.id(), 503, "Service unavailable", ex.getMessage());
        }
        catch (RuntimeException ex) {
            logger.error("A forwarded command for run " + request.executionId() + " failed", ex);
            answer = new Answer(request.id(), 500, "Server error", "the instance that runs it failed to carry it out");
        }
        try {
            this.redis.commands().publish(this.keys.runChannel(request.replyTo()), message('A', answer));
        }
        catch (RuntimeException ex) {
            // the sender answers 503 after its timeout
            logger.debug("Could not answer " + request.replyTo() + " about run " + request.executionId() + ": " + ex);
        }
    }

    /** Listens on this instance's channel, subscribed once; Lettuce subscribes it again after a reconnect. */
    void subscribe() {
        if (this.pubSub != null) {
            return;
        }
        synchronized (this) {
            if (this.pubSub != null) {
                return;
            }
            StatefulRedisPubSubConnection<byte[], byte[]> connection = this.redis.newPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    // on Lettuce's I/O thread: parse and hand over, never block here
                    received(message);
                }
            });
            try {
                connection.sync().subscribe(this.keys.runChannel(this.nodeId));
            }
            catch (RuntimeException ex) {
                connection.close();
                throw ex;
            }
            this.pubSub = connection;
        }
    }

    private void received(byte[] message) {
        try {
            if (message.length > 0 && message[0] == 'A') {
                Answer answer = this.json.readValue(message, 1, message.length - 1, Answer.class);
                CompletableFuture<Answer> waiting = this.pending.get(answer.id());
                if (waiting != null) {
                    waiting.complete(answer);
                }
            }
            else if (message.length > 0 && message[0] == 'Q') {
                Forwarded request = this.json.readValue(message, 1, message.length - 1, Forwarded.class);
                this.owner.execute(() -> answer(request));
            }
        }
        catch (RuntimeException ex) {
            // an answer that came after its sender gave up, or a message of another version
            logger.debug("Ignored a message on " + this.nodeId + "'s run channel: " + ex);
        }
    }

    private byte[] message(char kind, Object body) {
        byte[] payload = this.json.writeValueAsBytes(body);
        byte[] message = new byte[payload.length + 1];
        message[0] = (byte) kind;
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    /** Stops taking forwarded commands and leaves the channel. */
    void close() {
        this.owner.shutdownNow();
        StatefulRedisPubSubConnection<byte[], byte[]> connection = this.pubSub;
        if (connection != null) {
            connection.close();
        }
    }
}
