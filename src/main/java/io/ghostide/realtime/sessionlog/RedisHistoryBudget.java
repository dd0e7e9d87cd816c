package io.ghostide.realtime.sessionlog;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import static io.ghostide.realtime.sessionlog.RedisLogCodec.number;
import static io.ghostide.realtime.sessionlog.RedisLogCodec.text;

/**
 * Keeps every session's history in Redis under {@code ghostide.resume.total-history-bytes}, as
 * the in-process log does: the publish script counts each session's bytes in the shared
 * {@code {history}} keys and, past the budget, names the least recently published sessions and
 * the bytes to free; this trims their oldest entries (a script on each session's keys, which
 * live on other shards) and settles their counts. So histories never fill Redis, and publishes
 * go on when they would have: a trimmed session keeps its epoch, and a resume from before what
 * is left is told {@code recovered: false}.
 */
final class RedisHistoryBudget {

    private static final Log logger = LogFactory.getLog(RedisHistoryBudget.class);

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final RedisConnections.Script trimScript = RedisConnections.Script.load("session-log-trim.lua");

    private final RedisConnections.Script settleScript = RedisConnections.Script.load("history-settle.lua");

    // one trim at a time on this instance; a publish that finds one running leaves it to that one
    private final ReentrantLock trimming = new ReentrantLock();

    private final Counter trimmed;

    RedisHistoryBudget(RedisConnections redis, RedisKeys keys, MeterRegistry meterRegistry) {
        this.redis = redis;
        this.keys = keys;
        this.trimmed = Counter.builder("ghostide.resume.history.trimmed")
                .description("Session histories trimmed to keep all histories under ghostide.resume.total-history-bytes")
                .register(meterRegistry);
    }

    /**
     * Trims the sessions an append named, pairs of session id and bytes to free. Best effort: the
     * publish has happened, and a trim that fails (Redis away) leaves the total over until the
     * next publish names the sessions again.
     */
    void trim(List<Object> sessionsAndBytes) {
        if (!this.trimming.tryLock()) {
            return;
        }
        try {
            for (int i = 0; i + 1 < sessionsAndBytes.size(); i += 2) {
                String session = text(sessionsAndBytes.get(i));
                Long held = this.trimScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                        new byte[][] { this.keys.sessionMeta(session), this.keys.sessionStream(session) },
                        number((Long) sessionsAndBytes.get(i + 1)));
                this.settleScript.run(this.redis.commands(), ScriptOutputType.INTEGER,
                        new byte[][] { this.keys.historySizes(), this.keys.historyTotal(), this.keys.historyOrder() },
                        RedisKeys.bytes(session), number(held));
                this.trimmed.increment();
            }
        }
        catch (RuntimeException ex) {
            logger.warn("Could not trim histories past ghostide.resume.total-history-bytes: " + ex);
        }
        finally {
            this.trimming.unlock();
        }
    }
}
