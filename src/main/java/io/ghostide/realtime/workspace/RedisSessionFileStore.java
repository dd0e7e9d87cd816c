package io.ghostide.realtime.workspace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

/**
 * Session files in Redis, shared by every instance, for {@code ghostide.cluster.mode=redis}. A
 * session's files are two hashes, descriptions and contents by file name; a file's content is
 * one hash field written by one command, so a reader sees the old content or the new one, never
 * a part. A save is one Lua script that checks every limit against the counts of the whole
 * cluster (bytes per session and in all, files per session, sessions holding files) and writes
 * the file and the counts together. Files never expire: Redis must persist them (AOF or RDB)
 * for them to survive a Redis restart. While Redis is unreachable every call fails with a
 * {@link io.ghostide.realtime.system.SharedStateUnavailableException} (503) and nothing changes.
 */
final class RedisSessionFileStore implements SessionFileStore {

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final WorkspaceProperties properties;

    private final SessionFileNames names;

    private final RedisConnections.Script saveScript = RedisConnections.Script.load("session-files-save.lua");

    private final RedisConnections.Script deleteScript = RedisConnections.Script.load("session-files-delete.lua");

    private final RedisConnections.Script readScript = RedisConnections.Script.load("session-files-read.lua");

    RedisSessionFileStore(RedisConnections redis, RedisKeys keys, WorkspaceProperties properties,
            SessionFileNames names) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
        this.names = names;
    }

    @Override
    public boolean save(String sessionId, String fileName, byte[] content, @Nullable String language, Instant savedAt) {
        String description = content.length + ":" + savedAt.toEpochMilli() + ":" + (language != null ? language : "");
        List<Long> reply;
        try {
            reply = this.saveScript.run(this.redis.commands(), ScriptOutputType.MULTI, sessionKeys(sessionId),
                    RedisKeys.bytes(sessionId), RedisKeys.bytes(fileName), content, RedisKeys.bytes(description),
                    number(this.properties.maxFilesPerSession()), number(this.properties.maxBytesPerSession().toBytes()),
                    number(this.properties.maxTotalBytes().toBytes()), number(this.properties.maxSessions()));
        }
        catch (RedisCommandExecutionException ex) {
            if (String.valueOf(ex.getMessage()).startsWith("OOM")) {
                // Redis at its maxmemory (noeviction): the store is full, whatever the limits say
                throw SessionFileException.insufficientStorage("The shared store is out of memory (Redis maxmemory); "
                        + "nothing was stored");
            }
            throw RedisConnections.unavailable(ex);
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        return switch (reply.get(0).intValue()) {
            case 0 -> reply.get(1) == 1L;
            case 1 -> throw WorkspaceQuota.tooManyFiles(this.properties, sessionId);
            case 2 -> throw WorkspaceQuota.sessionFull(this.properties, sessionId, reply.get(1));
            case 3 -> throw WorkspaceQuota.storeFull(this.properties);
            case 4 -> throw WorkspaceQuota.tooManySessions(this.properties);
            default -> throw new IllegalStateException("Unexpected reply of the save script: " + reply);
        };
    }

    @Override
    public Optional<SessionFile> find(String sessionId, String fileName) {
        byte[] description;
        try {
            description = this.redis.commands().hget(this.keys.sessionFilesMeta(sessionId), RedisKeys.bytes(fileName));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        return Optional.ofNullable(description).map(value -> describe(sessionId, fileName, value));
    }

    @Override
    public Optional<Content> read(String sessionId, String fileName) {
        List<byte[]> reply;
        try {
            reply = this.readScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                    new byte[][] { this.keys.sessionFilesMeta(sessionId), this.keys.sessionFilesData(sessionId) },
                    RedisKeys.bytes(fileName));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        if (reply.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new Content(describe(sessionId, fileName, reply.get(0)), reply.get(1)));
    }

    @Override
    public List<SessionFile> list(String sessionId) {
        Map<byte[], byte[]> descriptions;
        try {
            descriptions = this.redis.commands().hgetall(this.keys.sessionFilesMeta(sessionId));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        List<SessionFile> files = new ArrayList<>();
        descriptions.forEach((name, value) -> files.add(describe(sessionId, text(name), value)));
        files.sort(Comparator.comparing(SessionFile::fileName));
        return files;
    }

    @Override
    public boolean delete(String sessionId, String fileName) {
        try {
            Long size = this.deleteScript.run(this.redis.commands(), ScriptOutputType.INTEGER, sessionKeys(sessionId),
                    RedisKeys.bytes(sessionId), RedisKeys.bytes(fileName));
            return size >= 0;
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    /**
     * Copies the files into {@code workDir}. A name is checked again before it becomes a path,
     * whatever Redis holds, and nothing is written through a link.
     */
    @Override
    public void copyInto(String sessionId, Path workDir) throws IOException {
        Map<byte[], byte[]> contents;
        try {
            contents = this.redis.commands().hgetall(this.keys.sessionFilesData(sessionId));
        }
        catch (RedisException ex) {
            throw new IOException("The session's files could not be read: Redis is unreachable", ex);
        }
        for (Map.Entry<byte[], byte[]> file : contents.entrySet()) {
            String name = text(file.getKey());
            if (this.names.problemWith(name) != null) {
                continue;
            }
            try (OutputStream out = Files.newOutputStream(workDir.resolve(name), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                out.write(file.getValue());
            }
            catch (FileAlreadyExistsException ex) {
                throw new IOException("The run directory already holds " + name + "; it must be empty", ex);
            }
        }
    }

    private byte[][] sessionKeys(String sessionId) {
        return new byte[][] { this.keys.filesUsage(), this.keys.filesTotal(), this.keys.sessionFilesMeta(sessionId),
                this.keys.sessionFilesData(sessionId) };
    }

    // "size:saved at (epoch ms):explicit language or nothing"
    private static SessionFile describe(String sessionId, String fileName, byte[] description) {
        String[] parts = text(description).split(":", 3);
        String language = parts[2].isEmpty() ? FileLanguages.guess(fileName) : parts[2];
        return new SessionFile(SessionFile.fileId(sessionId, fileName), fileName, language, Long.parseLong(parts[0]),
                Instant.ofEpochMilli(Long.parseLong(parts[1])));
    }

    private static byte[] number(long value) {
        return RedisKeys.bytes(Long.toString(value));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
