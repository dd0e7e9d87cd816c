package io.ghostide.realtime.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Names of the Redis keys and channels, all under {@code ghostide.cluster.key-prefix}. A
 * session's keys share a hash tag ({@code {id}}), so a script that touches several of them
 * stays on one shard of a Redis Cluster. The session files' keys all share the tag
 * {@code {files}} instead: their limits hold for the whole store, so one script checks the
 * totals and writes a session's file in one step, on one shard.
 */
public record RedisKeys(String prefix) {

    /** The hash holding a session's epoch, last seq, history bytes and last publish time. */
    public byte[] sessionMeta(String sessionId) {
        return bytes(this.prefix + "session:{" + sessionId + "}:meta");
    }

    /** The stream holding a session's history, one entry per seq ({@code seq-0}). */
    public byte[] sessionStream(String sessionId) {
        return bytes(this.prefix + "session:{" + sessionId + "}:log");
    }

    /**
     * The hash of the history bytes each session holds (session id -> bytes), for the budget of
     * every session's history together; it and {@link #historyOrder} and {@link #historyTotal} share
     * the tag {@code {history}}, as the budget spans every session.
     */
    public byte[] historySizes() {
        return bytes(this.prefix + "{history}:sizes");
    }

    /** The sorted set of sessions with a history, by the time of their last publish (ms). */
    public byte[] historyOrder() {
        return bytes(this.prefix + "{history}:order");
    }

    /**
     * The sorted set of sessions with a {@code seq} counter, by their last activity (ms): a publish,
     * a read, or an instance keeping a session with connections alive; what keeps at most
     * {@code ghostide.resume.max-sessions} of them.
     */
    public byte[] sessionCounters() {
        return bytes(this.prefix + "{history}:counters");
    }

    /** The history bytes every session holds together. */
    public byte[] historyTotal() {
        return bytes(this.prefix + "{history}:total");
    }

    /** The channel a session's published envelopes go out on. */
    public byte[] sessionChannel(String sessionId) {
        return bytes(this.prefix + "session:" + sessionId);
    }

    /** The session id a channel of {@link #sessionChannel} belongs to. */
    public String sessionOfChannel(byte[] channel) {
        return new String(channel, StandardCharsets.UTF_8).substring(this.prefix.length() + "session:".length());
    }

    /** The hash of bytes stored per session (session id -> bytes), one field per session that holds files. */
    public byte[] filesUsage() {
        return bytes(this.prefix + "{files}:usage");
    }

    /** The counter of bytes stored by every session together. */
    public byte[] filesTotal() {
        return bytes(this.prefix + "{files}:total");
    }

    /** The hash of a session's files' descriptions (file name -> size, time saved, language). */
    public byte[] sessionFilesMeta(String sessionId) {
        return bytes(this.prefix + "{files}:" + sessionId + ":meta");
    }

    /** The hash of a session's files' contents (file name -> bytes). */
    public byte[] sessionFilesData(String sessionId) {
        return bytes(this.prefix + "{files}:" + sessionId + ":data");
    }

    /** The hash of the connections present in a session (connection id -> node, join time, entry). */
    public byte[] presence(String sessionId) {
        return bytes(this.prefix + "presence:{" + sessionId + "}");
    }

    /** The token of the life of a node whose connections are listed as present; a restarted node has a new one. */
    public byte[] presenceNode(String nodeId) {
        return bytes(this.prefix + "presence-node:" + nodeId);
    }

    /** The hash of what Ghost remembers of a session (current code, last failure, latest run, saved files). */
    public byte[] ghostMemory(String sessionId) {
        return bytes(this.prefix + "ghost:{" + sessionId + "}:memory");
    }

    /** The list of a session's chat turns Ghost keeps, oldest first. */
    public byte[] ghostHistory(String sessionId) {
        return bytes(this.prefix + "ghost:{" + sessionId + "}:history");
    }

    /** The list of the saved files Ghost remembers of a session, least recently saved first. */
    public byte[] ghostFiles(String sessionId) {
        return bytes(this.prefix + "ghost:{" + sessionId + "}:files");
    }

    /** The sorted set of sessions Ghost remembers, by the time each was last used. */
    public byte[] ghostSessions() {
        return bytes(this.prefix + "ghost:sessions");
    }

    /** The hash of the bytes Ghost remembers per session (session id -> bytes), for its budget in all. */
    public byte[] ghostSizes() {
        return bytes(this.prefix + "ghost:sizes");
    }

    /** The hash of the number of the measure each session's bytes in {@link #ghostSizes} come from. */
    public byte[] ghostMeasures() {
        return bytes(this.prefix + "ghost:measures");
    }

    /** The bytes Ghost remembers of every session together. */
    public byte[] ghostTotal() {
        return bytes(this.prefix + "ghost:total");
    }

    /** The key of one node's connection report, which expires when the node stops reporting. */
    public byte[] node(String nodeId) {
        return bytes(this.prefix + "node:" + nodeId);
    }

    /** Which node runs a live run, and in which session; it expires unless the node refreshes it. */
    public byte[] run(String executionId) {
        return bytes(this.prefix + "run:" + executionId);
    }

    /** The live run a client named by its request id in a session. */
    public byte[] runRequest(String sessionId, String requestId) {
        return bytes(this.prefix + "run-request:{" + sessionId + "}:" + requestId);
    }

    /** The channel a node hears stops and input for its runs on, and the answers to its own. */
    public byte[] runChannel(String nodeId) {
        return bytes(this.prefix + "runs:" + nodeId);
    }

    /**
     * A key of the run transcripts ({@code meta:<id>}, {@code events:<id>}, {@code session:<id>},
     * {@code order}, {@code sizes}, {@code sessions}, {@code total}): all share the tag
     * {@code {transcripts}}, as their bounds hold for every transcript together.
     */
    public byte[] transcripts(String name) {
        return bytes(transcriptsPrefix() + name);
    }

    /** The start of every transcript key, for scripts that name a run's keys themselves. */
    public String transcriptsPrefix() {
        return this.prefix + "{transcripts}:";
    }

    /** A session file as a shared document: its text ({@code t}) and version ({@code v}). */
    public byte[] document(String sessionId, String fileName) {
        return bytes(this.prefix + "doc:{" + sessionId + "}:" + fileName);
    }

    /** The names of the session's documents opened so far. */
    public byte[] openDocuments(String sessionId) {
        return bytes(this.prefix + "doc:{" + sessionId + "}");
    }

    /** Any other key, under the prefix. */
    public byte[] key(String name) {
        return bytes(this.prefix + name);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
