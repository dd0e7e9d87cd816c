package io.ghostide.realtime.support;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import static io.ghostide.realtime.support.Json.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A plain-JSON client of {@code /ws/{sessionId}} on the JDK's {@code java.net.http} WebSocket,
 * as a non-STOMP user would write it. Frames land in a queue that tests poll with a timeout.
 */
public final class RawClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How the connection ended: the close code and reason the server sent. */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

    private final StringBuilder partial = new StringBuilder();

    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private final boolean reading;

    private WebSocket socket;

    private JsonNode connectFrame;

    // presence_join and presence_leave are dropped unless a test asks for them: most tests are about other messages
    private volatile boolean presence;

    private RawClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects and waits for the {@code connect} frame, after which the session's messages are sure to arrive. */
    public static RawClient connect(int port, String sessionId) {
        RawClient client = open(port, sessionId, true);
        client.connectFrame = client.next();
        assertThat(client.connectFrame.get("type").asString()).isEqualTo("connect");
        return client;
    }

    /** Connects like {@link #connect(int, String)}, keeping {@code presence_join} and {@code presence_leave} frames. */
    public static RawClient connectWithPresence(int port, String sessionId) {
        RawClient client = new RawClient(true);
        client.presence = true;
        client.socket = Http.CLIENT.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/" + sessionId), client)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        client.connectFrame = client.next();
        assertThat(client.connectFrame.get("type").asString()).isEqualTo("connect");
        return client;
    }

    /** Connects, but never asks for a frame: a client that stopped reading. */
    public static RawClient connectNotReading(int port, String sessionId) {
        return open(port, sessionId, false);
    }

    /** Opens the socket without waiting for anything. */
    public static RawClient open(int port, String sessionId, boolean reading) {
        RawClient client = new RawClient(reading);
        client.socket = Http.CLIENT.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/" + sessionId), client)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        return client;
    }

    public JsonNode connectFrame() {
        return this.connectFrame;
    }

    public String connectionId() {
        return this.connectFrame.get("data").get("connection_id").asString();
    }

    public WebSocket socket() {
        return this.socket;
    }

    public void send(String text) {
        this.socket.sendText(text, true).join();
    }

    /** Sends {@code {"type": type, "data": data}} with {@code data} given as JSON text. */
    public void sendCommand(String type, String dataJson) {
        send("{\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
    }

    /** The next frame, failing the test if none comes in time. */
    public JsonNode next() {
        return next(TIMEOUT);
    }

    public JsonNode next(Duration timeout) {
        try {
            JsonNode frame = this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("No frame within " + timeout);
            }
            return frame;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The next frame of the given type, skipping others. */
    public JsonNode nextOfType(String type) {
        return nextMatching(frame -> type.equals(frame.path("type").asString()), TIMEOUT);
    }

    public JsonNode nextMatching(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("No matching frame within " + timeout);
            }
            JsonNode frame = next(Duration.ofNanos(left));
            if (predicate.test(frame)) {
                return frame;
            }
        }
    }

    /** A frame if one arrives within {@code timeout}, else null: for asserting that nothing comes. */
    public JsonNode poll(Duration timeout) throws InterruptedException {
        return this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<Closed> closed() {
        return this.closed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (this.reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        this.partial.append(data);
        if (last) {
            JsonNode frame = JSON.readTree(this.partial.toString());
            if (this.presence || !frame.path("type").asString("").startsWith("presence_")) {
                this.frames.add(frame);
            }
            this.partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        this.closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        this.closed.complete(new Closed(-1, String.valueOf(error)));
    }

    @Override
    public void close() {
        if (!this.socket.isOutputClosed()) {
            this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(ex -> null);
        }
    }
}
