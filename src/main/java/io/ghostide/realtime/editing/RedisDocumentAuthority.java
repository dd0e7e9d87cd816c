package io.ghostide.realtime.editing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.ghostide.realtime.cluster.RedisConnections;
import io.ghostide.realtime.cluster.RedisKeys;
import io.ghostide.realtime.messaging.ClientCommands;
import io.ghostide.realtime.messaging.CommandRejectedException;
import io.ghostide.realtime.messaging.MessageRouter;
import io.ghostide.realtime.messaging.MessageType;
import io.ghostide.realtime.messaging.Payloads;
import io.ghostide.realtime.sessionlog.GuardedSessionLog;
import io.ghostide.realtime.workspace.DocumentStorage;
import io.ghostide.realtime.workspace.DocumentVersions;
import io.ghostide.realtime.workspace.SessionDocuments;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The authority over the session files as shared documents in Redis, shared by every instance
 * ({@code ghostide.cluster.mode=redis}). A document is a hash of its text and version; the
 * session file holds the same text, so the file store, a {@code GET} and a run see every taken
 * update at once, and nothing is lost with an instance.
 *
 * <p>Why the orders agree: an update is applied here, on the text and version read from Redis,
 * and taken by one script ({@code doc-push.lua} before {@code session-log-append.lua}) that
 * checks the version is still the one applied on, writes text, version and file, and appends the
 * {@code doc_update} to the session log, all as one Redis step. Of two instances pushing on one
 * version, the second finds the version moved and its pusher gets {@code doc_rejected}; and since
 * the version moves and the {@code seq} is assigned in the same step, no other update can come
 * between them, so {@code seq} order is version order across instances. {@code doc_open} reads
 * text, version and the session's {@code seq} in one step ({@code doc-open.lua}), so every
 * {@code doc_update} after that {@code seq} is an update of a later version. A save or delete
 * makes its whole-text update the same way, retried while pushes move the version.
 */
@Component
@ConditionalOnProperty(name = "ghostide.cluster.mode", havingValue = "redis")
class RedisDocumentAuthority implements SharedDocuments, SessionDocuments, DocumentVersions {

    // a save retried this often while pushes keep moving the version gives up with an error
    private static final int WHOLE_TEXT_ATTEMPTS = 100;

    private final RedisConnections redis;

    private final RedisKeys keys;

    private final GuardedSessionLog log;

    private final MessageRouter router;

    private final DocumentStorage storage;

    private final DocsProperties properties;

    private final RedisConnections.Script openScript = RedisConnections.Script.load("doc-open.lua");

    private final RedisConnections.Script pushScript = GuardedSessionLog.script("doc-push.lua");

    RedisDocumentAuthority(RedisConnections redis, RedisKeys keys, GuardedSessionLog log, MessageRouter router,
            DocumentStorage storage, DocsProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.log = log;
        this.router = router;
        this.storage = storage;
        this.properties = properties;
    }

    @Override
    public Payloads.DocState open(String sessionId, String fileName) {
        Opened opened = read(sessionId, fileName);
        return new Payloads.DocState(fileName, opened.version, opened.text, opened.seq);
    }

    @Override
    public Payloads.@Nullable DocRejected push(String sessionId, String fileName, long version,
            List<ClientCommands.DocPushUpdate> updates, String user) {
        Opened opened = read(sessionId, fileName);
        if (version != opened.version) {
            return new Payloads.DocRejected(fileName, opened.version);
        }
        PushedText pushed = PushedText.apply(opened.text, updates, this.storage.maxFileSize());
        long after = version + updates.size();
        List<Object> reply = take(sessionId, fileName, version, pushed.text(), 'w',
                new Payloads.DocUpdate(fileName, after, pushed.changes(), user));
        if ((Long) reply.get(0) == -1) {
            return new Payloads.DocRejected(fileName, (Long) reply.get(1));
        }
        // the version moved in the same step as the file was written: a file missing at this version is new now
        this.storage.stored(sessionId, fileName, pushed.text(), !opened.fileExists);
        return null;
    }

    @Override
    public long version(String sessionId, String fileName) {
        byte[] version;
        try {
            version = this.redis.commands().hget(this.keys.document(sessionId, fileName), RedisKeys.bytes("v"));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        return version != null ? Long.parseLong(new String(version, StandardCharsets.US_ASCII)) : 0;
    }

    /** The document's text is read with its version in one step: only the current version's size is known. */
    @Override
    public long sizeAt(String sessionId, String fileName, long version) {
        List<KeyValue<byte[], byte[]>> held;
        try {
            held = this.redis.commands().hmget(this.keys.document(sessionId, fileName), RedisKeys.bytes("v"),
                    RedisKeys.bytes("t"));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        if (!held.get(0).hasValue() || !held.get(1).hasValue()
                || Long.parseLong(new String(held.get(0).getValue(), StandardCharsets.US_ASCII)) != version) {
            return UNKNOWN_SIZE;
        }
        // the text is stored as UTF-8: its length is the file's size
        return held.get(1).getValue().length;
    }

    /** Nothing to do: every taken update is in the session file already. */
    @Override
    public void flush(String sessionId, @Nullable String fileName) {
    }

    @Override
    public <T> T replace(String sessionId, String fileName, String text, String user, StoreWrite<T> write)
            throws IOException {
        T result = write.run();
        takeWholeText(sessionId, fileName, text, 'w', user);
        return result;
    }

    @Override
    public boolean delete(String sessionId, String fileName, String user, StoreWrite<Boolean> delete)
            throws IOException {
        boolean deleted = delete.run();
        if (deleted) {
            takeWholeText(sessionId, fileName, "", 'd', user);
        }
        return deleted;
    }

    /**
     * Makes {@code text}, which the store was just given, the text of the document when it is
     * open, with a {@code doc_update} replacing the whole text; the file is written (or deleted)
     * again in the same step, so that a push taken between the store's write and this one does
     * not stay in the file while the document holds {@code text}.
     */
    private void takeWholeText(String sessionId, String fileName, String text, char fileAction, String user)
            throws IOException {
        if (!isOpen(sessionId, fileName)) {
            // not open: whoever opens it later reads what the store holds
            return;
        }
        for (int attempt = 0; attempt < WHOLE_TEXT_ATTEMPTS; attempt++) {
            Opened opened = read(sessionId, fileName);
            if (opened.text.equals(text)) {
                return;
            }
            ChangeSet changes = ChangeSet.replaceAll(opened.text.length(), text);
            List<Object> reply = take(sessionId, fileName, opened.version, text, fileAction,
                    new Payloads.DocUpdate(fileName, opened.version + 1,
                            List.of(new Payloads.DocChange(changes.toJson(), SERVER_CLIENT_ID)), user));
            if ((Long) reply.get(0) != -1) {
                return;
            }
        }
        throw new IOException("The document " + fileName + " kept changing; its editors still have its earlier text");
    }

    private boolean isOpen(String sessionId, String fileName) {
        try {
            return this.redis.commands().exists(this.keys.document(sessionId, fileName)) > 0;
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
    }

    /** Runs the push script; returns its reply, {-1, current version} when the version moved. */
    private List<Object> take(String sessionId, String fileName, long version, String text, char fileAction,
            Payloads.DocUpdate update) {
        byte[][] guardKeys = { this.keys.document(sessionId, fileName), this.keys.filesUsage(), this.keys.filesTotal(),
                this.keys.sessionFilesMeta(sessionId), this.keys.sessionFilesData(sessionId) };
        DocumentStorage.Limits limits = this.storage.limits();
        List<Object> reply = this.router.publishWith(sessionId, MessageType.DOC_UPDATE, update,
                envelope -> this.log.appendGuarded(sessionId, envelope, this.pushScript, guardKeys, number(version),
                        number(update.version()), RedisKeys.bytes(text), RedisKeys.bytes(fileName),
                        RedisKeys.bytes(sessionId), RedisKeys.bytes(String.valueOf(fileAction)),
                        number(System.currentTimeMillis()), number(limits.filesPerSession()),
                        number(limits.bytesPerSession()), number(limits.totalBytes()), number(limits.sessions())),
                answer -> (Long) answer.get(0) > 0);
        if ((Long) reply.get(0) == -2) {
            throw new CommandRejectedException(507, "Insufficient storage", "The session's files cannot hold the "
                    + "document's new text (ghostide.workspace limits); nothing was taken");
        }
        return reply;
    }

    /** Opens the document if it was not, and reads it with the session's position. */
    private Opened read(String sessionId, String fileName) {
        List<Object> reply;
        try {
            reply = this.openScript.run(this.redis.commands(), ScriptOutputType.MULTI,
                    new byte[][] { this.keys.document(sessionId, fileName), this.keys.openDocuments(sessionId),
                            this.keys.sessionFilesData(sessionId), this.keys.sessionMeta(sessionId) },
                    RedisKeys.bytes(fileName), number(this.properties.maxDocumentsPerSession()));
        }
        catch (RedisException ex) {
            throw RedisConnections.unavailable(ex);
        }
        if ((Long) reply.get(0) < 0) {
            throw InvalidChangeException.tooManyDocuments(this.properties.maxDocumentsPerSession());
        }
        return new Opened((Long) reply.get(0), new String((byte[]) reply.get(1), StandardCharsets.UTF_8),
                (Long) reply.get(2), (Long) reply.get(3) == 1);
    }

    private static byte[] number(long value) {
        return RedisKeys.bytes(Long.toString(value));
    }

    private record Opened(long version, String text, long seq, boolean fileExists) {
    }
}
