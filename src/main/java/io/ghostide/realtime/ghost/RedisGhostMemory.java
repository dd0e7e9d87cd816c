package io.ghostide.realtime.ghost;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Ghost remembers of each session, in Redis, for {@code ghostide.cluster.mode=redis}: a
 * run or failure recorded on one instance is seen by advice and chat on every other. Per
 * session a hash (current code, last failure, latest run, saved files), a list of saved file
 * names and a list of chat turns, all expiring after {@code ghostide.ghost.session-idle-timeout}
 * without a write; a sorted set by last use and a count of the bytes each holds keep at most
 * {@code ghostide.ghost.max-sessions} and {@code ghostide.ghost.max-memory} in all, the least
 * recently used sessions forgotten first.
 * Memory is an aid, not a record: while Redis is away Ghost answers without it (reads are empty,
 * writes are dropped, each logged) rather than fail the answer.
 */
final class RedisGhostMemory implements Function<String, SessionMemory> {

    private static final Log logger = LogFactory.getLog(RedisGhostMemory.class);

    private static final byte[] CURRENT = RedisKeys.bytes("current");

    private static final byte[] FAILURE = RedisKeys.bytes("failure");

    private static final byte[] LATEST = RedisKeys.bytes("latest");

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final JsonMapper json;

    private final int historySize;

    private final int maxSessions;

    private final Duration lifetime;

    private final long maxBytes;

    private final RedisConnections.Script fileSavedScript = RedisConnections.Script.load("ghost-file-saved.lua");

    private final RedisConnections.Script fileDeletedScript = RedisConnections.Script.load("ghost-file-deleted.lua");

    private final RedisConnections.Script sessionTouchScript = RedisConnections.Script.load("ghost-session-touch.lua");

    private final RedisConnections.Script sessionsTouchScript = RedisConnections.Script.load("ghost-sessions-touch.lua");

    RedisGhostMemory(RedisConnections redis, RedisKeys keys, JsonMapper json, GhostProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.historySize = properties.historySize();
        this.maxSessions = properties.maxSessions();
        this.lifetime = properties.sessionIdleTimeout();
        this.maxBytes = properties.maxMemory().toBytes();
    }

    @Override
    public SessionMemory apply(String sessionId) {
        return new Session(sessionId);
    }

    /** One session's memory; every call goes to Redis. */
    private final class Session implements SessionMemory {

        private final String sessionId;

        private final byte[] memory;

        private final byte[] files;

        private final byte[] history;

        Session(String sessionId) {
            this.sessionId = sessionId;
            this.memory = RedisGhostMemory.this.keys.ghostMemory(sessionId);
            this.files = RedisGhostMemory.this.keys.ghostFiles(sessionId);
            this.history = RedisGhostMemory.this.keys.ghostHistory(sessionId);
        }

        @Override
        public void runStarted(GhostPrompt.RunReport run) {
            write("on_run", redis -> {
                redis.hset(this.memory, Map.of(LATEST, RedisKeys.bytes(run.executionId()), CURRENT, code(run)));
            });
        }

        @Override
        public void runFailed(GhostPrompt.RunReport run) {
            write("on_error", redis -> {
                redis.hset(this.memory, Map.of(FAILURE, toJson(SessionMemory.boundedRun(run)), CURRENT, code(run)));
                redis.hsetnx(this.memory, LATEST, RedisKeys.bytes(run.executionId()));
            });
        }

        @Override
        public void fileSaved(GhostPrompt.CodeUnit file) {
            GhostPrompt.CodeUnit remembered = SessionMemory.savedFile(file);
            write("on_save", redis -> RedisGhostMemory.this.fileSavedScript.run(redis, ScriptOutputType.INTEGER,
                    new byte[][] { this.memory, this.files }, RedisKeys.bytes(String.valueOf(remembered.fileName())),
                    toJson(remembered), number(MAX_REMEMBERED_FILES), number(RedisGhostMemory.this.lifetime.toMillis())));
        }

        @Override
        public void fileDeleted(String fileName) {
            write("a deleted file", redis -> {
                byte[] current = redis.hget(this.memory, CURRENT);
                boolean wasCurrent = current != null
                        && fileName.equals(fromJson(current, GhostPrompt.CodeUnit.class).fileName());
                RedisGhostMemory.this.fileDeletedScript.run(redis, ScriptOutputType.INTEGER,
                        new byte[][] { this.memory, this.files }, RedisKeys.bytes(fileName),
                        wasCurrent ? current : new byte[0]);
            });
        }

        @Override
        public void codeSent(GhostPrompt.CodeUnit code) {
            write("chat context", redis -> {
                redis.hset(this.memory, CURRENT, toJson(SessionMemory.bounded(code)));
            });
        }

        @Override
        public void remember(GhostPrompt.Turn question, GhostPrompt.Turn answer) {
            int size = RedisGhostMemory.this.historySize;
            if (size == 0) {
                return;
            }
            write("chat history", redis -> {
                redis.rpush(this.history, toJson(question), toJson(answer));
                redis.ltrim(this.history, -size, -1);
            });
        }

        @Override
        public List<GhostPrompt.Turn> history() {
            try {
                List<GhostPrompt.Turn> turns = new ArrayList<>();
                for (byte[] turn : RedisGhostMemory.this.redis.commands().lrange(this.history, 0, -1)) {
                    turns.add(fromJson(turn, GhostPrompt.Turn.class));
                }
                return turns;
            }
            catch (RuntimeException ex) {
                unavailable("read the chat history", ex);
                return List.of();
            }
        }

        @Override
        public GhostPrompt.SessionSnapshot snapshot() {
            try {
                RedisCommands<byte[], byte[]> redis = RedisGhostMemory.this.redis.commands();
                Map<String, byte[]> fields = new LinkedHashMap<>();
                redis.hgetall(this.memory).forEach((field, value) -> fields.put(text(field), value));
                Map<String, GhostPrompt.CodeUnit> saved = new LinkedHashMap<>();
                for (byte[] name : redis.lrange(this.files, 0, -1)) {
                    byte[] file = fields.get("f:" + text(name));
                    if (file != null) {
                        saved.put(text(name), fromJson(file, GhostPrompt.CodeUnit.class));
                    }
                }
                byte[] current = fields.get("current");
                byte[] failure = fields.get("failure");
                byte[] latest = fields.get("latest");
                return SessionMemory.snapshot(this.sessionId,
                        current != null ? fromJson(current, GhostPrompt.CodeUnit.class) : null,
                        failure != null ? fromJson(failure, GhostPrompt.RunReport.class) : null,
                        latest != null ? text(latest) : null, saved);
            }
            catch (RuntimeException ex) {
                unavailable("read its memory", ex);
                return SessionMemory.snapshot(this.sessionId, null, null, null, Map.of());
            }
        }

        private void write(String what, java.util.function.Consumer<RedisCommands<byte[], byte[]>> change) {
            try {
                RedisCommands<byte[], byte[]> redis = RedisGhostMemory.this.redis.commands();
                change.accept(redis);
                touch(redis, this.sessionId, this.memory, this.files, this.history);
            }
            catch (RuntimeException ex) {
                unavailable("remember " + what, ex);
            }
        }

        private void unavailable(String what, RuntimeException ex) {
            logger.warn("Ghost could not " + what + " of session " + this.sessionId + " (Redis): " + ex.getMessage());
        }
    }

    // a write keeps the session's memory alive for another idle timeout, marks it used with the bytes
    // it holds now, and forgets the least recently used sessions past the caps; two scripts, since the
    // session's keys and the counts of all sessions live on different shards, joined by the number of
    // the measure, so that a stale measure of a session written through two instances at once is dropped
    private void touch(RedisCommands<byte[], byte[]> redis, String sessionId, byte[] memory, byte[] files,
            byte[] history) {
        long ttl = this.lifetime.toMillis();
        List<Long> measured = this.sessionTouchScript.run(redis, ScriptOutputType.MULTI,
                new byte[][] { memory, files, history }, number(ttl));
        List<byte[]> forgotten = this.sessionsTouchScript.run(redis, ScriptOutputType.MULTI,
                new byte[][] { this.keys.ghostSessions(), this.keys.ghostSizes(), this.keys.ghostTotal(),
                        this.keys.ghostMeasures() },
                RedisKeys.bytes(sessionId), number(measured.get(0)), number(ttl), number(this.maxSessions),
                number(this.maxBytes), number(measured.get(1)));
        for (byte[] session : forgotten) {
            // one key at a time: each session's keys are on their own shard
            String id = text(session);
            redis.del(this.keys.ghostMemory(id));
            redis.del(this.keys.ghostFiles(id));
            redis.del(this.keys.ghostHistory(id));
        }
    }

    private byte[] code(GhostPrompt.RunReport run) {
        return toJson(SessionMemory.bounded(new GhostPrompt.CodeUnit(null, run.language(), run.code())));
    }

    private byte[] toJson(Object value) {
        return this.json.writeValueAsBytes(value);
    }

    private <T> T fromJson(byte[] value, Class<T> type) {
        return this.json.readValue(value, type);
    }

    private static byte[] number(long value) {
        return RedisKeys.bytes(Long.toString(value));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
