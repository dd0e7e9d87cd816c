package io.ghostide.realtime.execution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Which instance runs each live run, in Redis: each instance writes the runs it runs
 * ({@code run:<id>} -> node and session, and a run's request id -> its id) with an expiry it
 * renews every heartbeat, so the entries of an instance that died are gone after
 * {@code node-timeout}.
 */
final class RedisRunClaims {

    private static final Log logger = LogFactory.getLog(RedisRunClaims.class);

    private static final RedisConnections.Script releaseRequest = RedisConnections.Script.load("run-request-release.lua");

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final String nodeId;

    private final Duration entryTtl;

    // subscribes this instance's channel, so that a run is steerable here before others can find it
    private final Runnable listen;

    // execution id -> this instance's live run, whose entry the heartbeat renews
    private final Map<String, RunControl> claimed = new ConcurrentHashMap<>();

    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("run-owners-"));

    RedisRunClaims(RedisConnections redis, RedisKeys keys, String nodeId, Duration heartbeat, Duration entryTtl,
            Runnable listen) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.entryTtl = entryTtl;
        this.listen = listen;
        this.heartbeat.scheduleWithFixedDelay(this::renew, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This instance runs {@code control} from now on. */
    void claim(RunControl control) {
        this.claimed.put(control.executionId(), control);
        try {
            this.listen.run();
            write(control);
        }
        catch (RuntimeException ex) {
            // Redis away: the run goes on, steerable here; the heartbeat writes its entry once Redis is back
            logger.debug("Could not list run " + control.executionId() + " in Redis: " + ex);
        }
    }

    /** This instance no longer runs {@code control}. */
    void release(RunControl control) {
        if (this.claimed.remove(control.executionId(), control)) {
            try {
                this.redis.commands().del(this.keys.run(control.executionId()));
                String requestId = control.requestId();
                if (requestId != null) {
                    // only if it still names this run: the client may have used the request id again since
                    releaseRequest.run(this.redis.commands(), ScriptOutputType.INTEGER,
                            new byte[][] { this.keys.runRequest(control.sessionId(), requestId) },
                            RedisKeys.bytes(control.executionId()));
                }
            }
            catch (RuntimeException ex) {
                // the entries expire after the entry ttl; until then the owner answers 409 for them
                logger.debug("Could not take run " + control.executionId() + " out of Redis: " + ex);
            }
        }
    }

    /** The live run of another instance with this id, or with this request id in the session; null when none. */
    RemoteRuns.@Nullable RemoteRun find(@Nullable String sessionId, @Nullable String executionId,
            @Nullable String requestId) {
        try {
            String id = executionId;
            if (id == null) {
                if (sessionId == null || requestId == null) {
                    return null;
                }
                byte[] named = this.redis.commands().get(this.keys.runRequest(sessionId, requestId));
                if (named == null) {
                    return null;
                }
                id = new String(named, StandardCharsets.UTF_8);
            }
            byte[] entry = this.redis.commands().get(this.keys.run(id));
            if (entry == null) {
                return null;
            }
            // node '\n' session
            String text = new String(entry, StandardCharsets.UTF_8);
            int cut = text.indexOf('\n');
            String node = text.substring(0, cut);
            String session = text.substring(cut + 1);
            // one of ours that is not in the local registry has just ended
            if (node.equals(this.nodeId) || (sessionId != null && !session.equals(sessionId))) {
                return null;
            }
            return new RemoteRuns.RemoteRun(id, session, node);
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    private void write(RunControl control) {
        SetArgs expiry = SetArgs.Builder.px(this.entryTtl.toMillis());
        this.redis.commands().set(this.keys.run(control.executionId()),
                RedisKeys.bytes(this.nodeId + '\n' + control.sessionId()), expiry);
        String requestId = control.requestId();
        if (requestId != null) {
            this.redis.commands().set(this.keys.runRequest(control.sessionId(), requestId),
                    RedisKeys.bytes(control.executionId()), expiry);
        }
    }

    // renews the entries of this instance's runs, and writes those Redis missed while it was away
    private void renew() {
        try {
            if (!this.claimed.isEmpty()) {
                this.listen.run();
            }
            for (RunControl control : this.claimed.values()) {
                write(control);
            }
        }
        catch (RuntimeException ex) {
            logger.debug("Could not renew the runs of " + this.nodeId + " in Redis: " + ex);
        }
    }

    /** Stops the heartbeat; the entries expire after the entry ttl. */
    void close() {
        this.heartbeat.shutdownNow();
    }
}
