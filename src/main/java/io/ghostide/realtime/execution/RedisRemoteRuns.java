package io.ghostide.realtime.execution;

import java.time.Duration;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live runs of every instance in {@code redis} mode: which instance runs each is
 * {@link RedisRunClaims}'s to say, and a stop or input for another instance's run goes there by
 * {@link RedisRunForwarding}.
 */
final class RedisRemoteRuns implements RemoteRuns, DisposableBean {

    private final RedisRunForwarding forwarding;

    private final RedisRunClaims claims;

    RedisRemoteRuns(RedisConnections redis, RedisKeys keys, String nodeId, Duration heartbeat, Duration entryTtl,
            Duration forwardTimeout, JsonMapper json) {
        this.forwarding = new RedisRunForwarding(redis, keys, nodeId, forwardTimeout, json);
        // a claimed run is steerable from elsewhere only once this instance listens on its channel
        this.claims = new RedisRunClaims(redis, keys, nodeId, heartbeat, entryTtl, this.forwarding::subscribe);
    }

    @Override
    public void serve(RunSteering runs) {
        this.forwarding.serve(runs);
    }

    @Override
    public void claim(RunControl control) {
        this.claims.claim(control);
    }

    @Override
    public void release(RunControl control) {
        this.claims.release(control);
    }

    @Override
    public @Nullable RemoteRun find(@Nullable String sessionId, @Nullable String executionId, @Nullable String requestId) {
        return this.claims.find(sessionId, executionId, requestId);
    }

    @Override
    public void stop(RemoteRun run, String by) {
        this.forwarding.stop(run, by);
    }

    @Override
    public void input(RemoteRun run, String data, boolean eof, String user) {
        this.forwarding.input(run, data, eof, user);
    }

    @Override
    public void destroy() {
        this.claims.close();
        this.forwarding.close();
    }
}
