package io.ghostide.realtime.connection;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket session whose {@code sendMessage} never blocks: frames go to a bounded queue
 * that one asynchronous write at a time drains, so a client that stops reading costs its own
 * buffer and nothing else. Past the buffer limit, or when one write outlives the send time
 * limit, the connection is closed and its queue dropped.
 */
final class QueuedWebSocketSession extends WebSocketSessionDecorator {

    private static final Log logger = LogFactory.getLog(QueuedWebSocketSession.class);

    /** Tomcat's per-session override of how long a blocking write (the close frame) may wait. */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private enum State { OPEN, CLOSING, CLOSED }

    // frames (WebSocketMessage) and, last, at most one CloseStatus
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

    private final AtomicLong queuedSize = new AtomicLong();

    // held by whoever is writing: the thread in drain() or the write in flight
    private final AtomicBoolean writing = new AtomicBoolean();

    private final Session nativeSession;

    private final RemoteEndpoint.Async remote;

    private final long sendBufferLimit;

    private final Transport transport;

    private final ConnectionMetrics metrics;

    private final Executor closer;

    private volatile State state = State.OPEN;

    private volatile long lastReceived = System.nanoTime();

    // inbound state, touched only by the container's reading of this connection, one frame at a time
    private long inboundMessageSize;

    private String inboundCarry = "";

    QueuedWebSocketSession(WebSocketSession delegate, Transport transport, ConnectionProperties properties,
            ConnectionMetrics metrics, Executor closer) {
        super(delegate);
        Session jakartaSession = WebSocketSessionDecorator.unwrap(delegate) instanceof NativeWebSocketSession nativeDelegate
                ? nativeDelegate.getNativeSession(Session.class) : null;
        if (jakartaSession == null) {
            throw new IllegalStateException("A Jakarta WebSocket container (Tomcat) is required, got " + delegate);
        }
        this.nativeSession = jakartaSession;
        this.remote = jakartaSession.getAsyncRemote();
        this.remote.setSendTimeout(properties.sendTimeLimit().toMillis());
        this.sendBufferLimit = properties.sendBufferSize().toBytes();
        this.transport = transport;
        this.metrics = metrics;
        this.closer = closer;
    }

    Transport transport() {
        return this.transport;
    }

    /** Notes that the client sent something (a frame or a pong): it is alive. */
    void markReceived() {
        this.lastReceived = System.nanoTime();
    }

    long nanosSinceLastReceived() {
        return System.nanoTime() - this.lastReceived;
    }

    /**
     * Checks one inbound text frame, whole or partial, against the size limit, and keeps a
     * surrogate pair split across two partial frames together. Returns the frame to hand on,
     * or {@code null} when the message grew past {@code limit} bytes.
     */
    @org.jspecify.annotations.Nullable TextMessage acceptInbound(TextMessage frame, long limit) {
        String payload = frame.getPayload();
        this.inboundMessageSize += utf8Length(payload);
        if (this.inboundMessageSize > limit) {
            return null;
        }
        if (!this.inboundCarry.isEmpty()) {
            payload = this.inboundCarry + payload;
            this.inboundCarry = "";
        }
        if (frame.isLast()) {
            this.inboundMessageSize = 0;
        }
        else if (!payload.isEmpty() && Character.isHighSurrogate(payload.charAt(payload.length() - 1))) {
            this.inboundCarry = payload.substring(payload.length() - 1);
            payload = payload.substring(0, payload.length() - 1);
        }
        return payload == frame.getPayload() ? frame : new TextMessage(payload, frame.isLast());
    }

    /** Checks one inbound binary frame against the size limit; false when the message grew past it. */
    boolean acceptInbound(BinaryMessage frame, long limit) {
        this.inboundMessageSize += frame.getPayloadLength();
        if (frame.isLast()) {
            boolean ok = this.inboundMessageSize <= limit;
            this.inboundMessageSize = 0;
            return ok;
        }
        return this.inboundMessageSize <= limit;
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isSurrogate(c)) {
                // a pair is 4 bytes: 2 for each half
                bytes += 2;
            }
            else {
                bytes += 3;
            }
        }
        return bytes;
    }

    long queuedSize() {
        return this.queuedSize.get();
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        if (this.state != State.OPEN) {
            // a connection on its way out drops further frames; not an error
            return;
        }
        long size = sizeOf(message);
        if (this.queuedSize.addAndGet(size) > this.sendBufferLimit && size > 0) {
            abort(CloseReason.SEND_BUFFER_FULL);
            return;
        }
        this.queue.add(message);
        drain();
    }

    /** Closes after the frames already queued are written, as a close by the application should. */
    @Override
    public void close(CloseStatus status) {
        if (this.state != State.OPEN) {
            return;
        }
        this.state = State.CLOSING;
        this.queue.add(status);
        drain();
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
    }

    /** Closes now, dropping what is queued: for a client that broke a limit. */
    void abort(CloseReason reason) {
        if (this.state == State.CLOSED) {
            return;
        }
        this.state = State.CLOSED;
        this.queue.clear();
        this.metrics.closedByServer(reason);
        if (logger.isInfoEnabled()) {
            logger.info("Closing " + this.transport.tag() + " connection " + getId() + ": " + reason.status().getReason());
        }
        // the close frame may have to wait for a stuck write: keep that wait short and off the caller's thread
        this.nativeSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, 1000L);
        this.closer.execute(() -> closeDelegate(reason.status()));
    }

    /** The container reported the connection gone: forget what was queued. */
    void terminated() {
        this.state = State.CLOSED;
        this.queue.clear();
        this.queuedSize.set(0);
    }

    private void drain() {
        while (!this.queue.isEmpty() && this.writing.compareAndSet(false, true)) {
            Object item = this.queue.poll();
            if (item == null) {
                this.writing.set(false);
                continue;
            }
            if (!startWrite(item)) {
                // written synchronously (control frame or close): release and keep draining
                this.writing.set(false);
            }
        }
    }

    /** Starts writing one queued item; true when an asynchronous write is now in flight. */
    private boolean startWrite(Object item) {
        try {
            if (item instanceof TextMessage text) {
                this.remote.sendText(text.getPayload(), new Completion(sizeOf(text)));
                return true;
            }
            if (item instanceof BinaryMessage binary) {
                this.remote.sendBinary(binary.getPayload(), new Completion(sizeOf(binary)));
                return true;
            }
            if (item instanceof PingMessage ping) {
                this.remote.sendPing(ping.getPayload());
            }
            else if (item instanceof PongMessage pong) {
                this.remote.sendPong(pong.getPayload());
            }
            else if (item instanceof CloseStatus status) {
                this.state = State.CLOSED;
                closeDelegate(status);
            }
            return false;
        }
        catch (IOException | RuntimeException ex) {
            // the socket went away under us; the container reports the close separately
            if (logger.isDebugEnabled()) {
                logger.debug("Write failed on connection " + getId() + ": " + ex);
            }
            this.state = State.CLOSED;
            this.queue.clear();
            return false;
        }
    }

    private void closeDelegate(CloseStatus status) {
        try {
            getDelegate().close(status);
        }
        catch (IOException | RuntimeException ex) {
            // already closed by the peer; nothing left to do
            if (logger.isDebugEnabled()) {
                logger.debug("Close failed on connection " + getId() + ": " + ex);
            }
        }
    }

    private static long sizeOf(WebSocketMessage<?> message) {
        if (message instanceof TextMessage text) {
            // characters, not bytes: exact for ASCII and far cheaper than encoding twice
            return text.getPayload().length();
        }
        if (message instanceof BinaryMessage binary) {
            return binary.getPayloadLength();
        }
        return 0;
    }

    /** The end of one asynchronous write: account for it and start the next. */
    private final class Completion implements SendHandler {

        private final long size;

        Completion(long size) {
            this.size = size;
        }

        @Override
        public void onResult(SendResult result) {
            QueuedWebSocketSession session = QueuedWebSocketSession.this;
            session.queuedSize.addAndGet(-this.size);
            session.writing.set(false);
            if (result.isOK()) {
                session.metrics.delivered(session.transport);
                session.drain();
            }
            else if (result.getException() instanceof java.net.SocketTimeoutException) {
                session.abort(CloseReason.SEND_TIME_LIMIT);
            }
            else {
                // a reset or closed socket; the container reports the close separately
                session.terminated();
            }
        }
    }
}
