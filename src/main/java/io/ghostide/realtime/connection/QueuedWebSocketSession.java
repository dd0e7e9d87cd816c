package io.ghostide.realtime.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A WebSocket session whose {@code sendMessage} never blocks: frames go to a bounded queue
 * that one asynchronous write at a time drains, so a client that stops reading costs its own
 * buffer and nothing else. Past the buffer limit, or when one write outlives the send time
 * limit, the connection is closed and its queue dropped. Written against Jetty's own session
 * API, whose sends and closes take a callback and never wait.
 * <p>
 * A producer that can wait (a run's output) is paced to the connection through
 * {@link #pacedBacklog}, up to the slow-consumer timeout; a connection that stays behind longer is
 * {@linkplain #cut cut}: what is queued is dropped, so the client never hears a message after one
 * it missed, and it resumes from the session's history.
 */
final class QueuedWebSocketSession extends WebSocketSessionDecorator {

    private static final Log logger = LogFactory.getLog(QueuedWebSocketSession.class);

    /** How long a connection closed for breaking a limit may take to say goodbye before its socket is dropped. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(1);

    private enum State { OPEN, CUT, CLOSING, CLOSED } // CUT: every frame but the farewell is dropped

    // frames (WebSocketMessage) and, last, at most one CloseStatus
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

    // an item a run polled and could not write in it, the next to write; set and taken by the writer
    private volatile @Nullable Object carried;

    // held by whoever is writing: the thread in drain() or the write in flight
    private final AtomicBoolean writing = new AtomicBoolean();

    private final Session nativeSession;

    private final FrameWriter frames;

    private final SendBuffer sendBuffer;

    private final long sendTimeLimitNanos;

    private final Transport transport;

    private final ConnectionMetrics metrics;

    private final Scheduler scheduler;

    private final PacingWatch pacing;

    private volatile State state = State.OPEN;

    // bytes of data frames written; only the write completions add to it, one at a time
    private volatile long written;

    // the thread sending the farewell of a cut, whose frames alone still go out
    private volatile @Nullable Thread farewellThread;

    private volatile long lastReceived = System.nanoTime();

    // when the write in flight started (System.nanoTime), 0 when none is
    private volatile long writeStarted;

    // the thread inside startWrite: a write Jetty completes at once, on that thread, leaves the
    // next one to drain's loop instead of recursing into it
    private volatile @Nullable Thread starting;

    QueuedWebSocketSession(WebSocketSession delegate, Transport transport, ConnectionProperties properties,
            ConnectionMetrics metrics, Scheduler scheduler) {
        super(delegate);
        Session jettySession = WebSocketSessionDecorator.unwrap(delegate) instanceof NativeWebSocketSession nativeDelegate
                ? nativeDelegate.getNativeSession(Session.class) : null;
        if (jettySession == null) {
            throw new IllegalStateException("A Jetty WebSocket session is required, got " + delegate);
        }
        this.nativeSession = jettySession;
        this.frames = new FrameWriter(jettySession);
        JettySessionSettings.apply(jettySession, properties);
        this.sendBuffer = new SendBuffer(properties.sendBufferSize().toBytes());
        this.sendTimeLimitNanos = properties.sendTimeLimit().toNanos();
        this.pacing = new PacingWatch(properties.slowConsumerTimeout());
        this.transport = transport;
        this.metrics = metrics;
        this.scheduler = scheduler;
    }

    /** Runs a task after a delay, off the caller's thread. */
    @FunctionalInterface
    interface Scheduler { void schedule(Runnable task, Duration delay); }

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

    long queuedSize() {
        return this.sendBuffer.queued();
    }

    /** Whether the write in flight has taken longer than the send time limit, as of {@code now} (nanoTime). */
    boolean writeOverdue(long now) {
        long started = this.writeStarted;
        return started != 0 && now - started > this.sendTimeLimitNanos;
    }

    /**
     * What a paced producer waits for on this connection: the bytes still to write, 0 once it is
     * closing, -1 when it stayed behind past the slow-consumer timeout (see {@link PacingWatch}).
     * Watched whenever something is queued, not only at the pacing bound: several connections
     * that stop reading are found out together, not one timeout after another as each in turn
     * becomes the one that holds the producer.
     */
    long pacedBacklog(long now) {
        if (this.state != State.OPEN) {
            return 0;
        }
        long queued = this.sendBuffer.queued();
        return queued > 0 && this.pacing.stayedBehind(queued, this.written, now) ? -1 : queued;
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        boolean farewell = false;
        if (this.state != State.OPEN) {
            if (this.state != State.CUT || this.farewellThread != Thread.currentThread()) {
                // a connection on its way out drops further frames; not an error
                return;
            }
            farewell = true;
        }
        long size = Frames.sizeOf(message);
        if (!this.sendBuffer.add(size) && size > 0 && !farewell) {
            abort(CloseReason.SEND_BUFFER_FULL);
            return;
        }
        this.queue.add(farewell ? new Farewell(message) : message);
        drain();
    }

    /** Queues a resume's replay of about {@code bytes}, which may pass the send buffer ({@link SendBuffer#replaying}). */
    void replaying(long bytes, Runnable replay) {
        this.sendBuffer.replaying(bytes, replay);
    }

    /**
     * Closes a connection that stayed behind: drops what is queued (so the client's last message is one it can resume
     * after), writes what {@code farewell} sends on this thread, closes, and drops the socket if the close is stuck.
     */
    void cut(CloseReason reason, Runnable farewell) {
        // two producers of one session may find it behind at once: one cuts
        synchronized (this.pacing) {
            if (this.state != State.OPEN) {
                return;
            }
            this.farewellThread = Thread.currentThread();
            this.state = State.CUT;
        }
        Object item;
        while ((item = this.queue.poll()) != null) {
            if (item instanceof WebSocketMessage<?> dropped) {
                this.sendBuffer.release(Frames.sizeOf(dropped));
            }
        }
        counted(reason);
        try {
            farewell.run();
        }
        catch (RuntimeException ex) {
            // the client goes without its farewell; the close still tells it
            logger.debug("Could not send the farewell of connection " + getId(), ex);
        }
        finally {
            this.farewellThread = null;
        }
        this.queue.add(reason.status());
        drain();
        this.scheduler.schedule(this.nativeSession::disconnect, ABORT_GRACE);
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

    /** Closes after the frames already queued are written, counted and logged as the server's close for {@code reason}. */
    void close(CloseReason reason) {
        if (this.state != State.OPEN) {
            return;
        }
        counted(reason);
        close(reason.status());
    }

    /** Closes now, dropping what is queued: for a client that broke a limit. */
    void abort(CloseReason reason) {
        if (!closedFor(reason)) {
            return;
        }
        ContainerCalls.run(this, () -> this.frames.close(reason.status()));
        // the close frame may be stuck behind a write the client never reads: then drop the socket
        this.scheduler.schedule(this.nativeSession::disconnect, ABORT_GRACE);
    }

    /** The container closed the connection for breaking a limit it enforces (the message size). */
    void closedByContainer(CloseReason reason) {
        closedFor(reason);
    }

    /** Marks the connection closed for a limit, drops its queue, counts and logs it; false if it was closed already. */
    private boolean closedFor(CloseReason reason) {
        if (this.state == State.CLOSED || this.state == State.CUT) {
            // a cut connection was counted, and its socket is dropped if the close does not get through
            return false;
        }
        this.state = State.CLOSED;
        dropQueued();
        counted(reason);
        return true;
    }

    private void counted(CloseReason reason) {
        this.metrics.closedByServer(reason);
        if (logger.isInfoEnabled()) {
            logger.info("Closing " + this.transport.tag() + " connection " + getId() + ": " + reason.status().getReason());
        }
    }

    /** The container reported the connection gone: forget what was queued. */
    void terminated() {
        this.state = State.CLOSED;
        dropQueued();
        this.sendBuffer.clear();
    }

    private void dropQueued() {
        this.queue.clear();
        this.carried = null;
    }

    private void drain() {
        while ((this.carried != null || !this.queue.isEmpty()) && this.writing.compareAndSet(false, true)) {
            Object item = this.carried;
            this.carried = null;
            item = item != null ? item : this.queue.poll();
            if (item == null) {
                this.writing.set(false);
                continue;
            }
            this.starting = Thread.currentThread();
            Object outer = ContainerCalls.enter(this);
            try {
                startWrite(item);
            }
            finally {
                this.starting = null;
                ContainerCalls.exit(outer);
            }
        }
    }

    /** Starts writing one queued item; its completion releases {@code writing}. */
    private void startWrite(Object queued) {
        Object item = queued;
        if (this.state == State.CUT && item instanceof WebSocketMessage<?> dropped) {
            // queued before the cut, or published while it was made: never after a message the client missed
            this.sendBuffer.release(Frames.sizeOf(dropped));
            this.writing.set(false);
            return;
        }
        if (item instanceof Farewell farewell) {
            item = farewell.message();
        }
        try {
            if (item instanceof CloseStatus status) {
                this.state = State.CLOSED;
                this.frames.close(status);
                this.writing.set(false);
                return;
            }
            this.writeStarted = System.nanoTime() | 1;
            if (FrameWriter.isData(item)) {
                writeRun((WebSocketMessage<?>) item);
            }
            else if (item instanceof PingMessage || item instanceof PongMessage) {
                this.frames.writeControl((WebSocketMessage<?>) item, new WriteCompletion(this, 0, false, true));
            }
            else {
                this.writeStarted = 0;
                this.writing.set(false);
            }
        }
        catch (RuntimeException ex) {
            // the socket went away under us; the container reports the close separately
            if (logger.isDebugEnabled()) {
                logger.debug("Write failed on connection " + getId() + ": " + ex);
            }
            this.writeStarted = 0;
            this.state = State.CLOSED;
            dropQueued();
            this.writing.set(false);
        }
    }

    /**
     * Writes {@code first} and, where Jetty gathers, the data frames queued behind it: all but the
     * last held for the next (batch), so that a connection that fell behind gets them in one write
     * instead of one each. The last one's completion releases {@code writing}.
     */
    private void writeRun(WebSocketMessage<?> first) {
        WebSocketMessage<?> frame = first;
        for (int run = 1; ; run++) {
            Object polled = this.frames.gathers() && run < FrameWriter.MAX_RUN ? this.queue.poll() : null;
            WebSocketMessage<?> next = null;
            if (this.state == State.OPEN && FrameWriter.isData(polled)) {
                next = (WebSocketMessage<?>) polled;
            }
            else if (polled != null) {
                // a close, a ping, or what a cut left: written on its own, next
                this.carried = polled;
            }
            this.frames.write(frame, new WriteCompletion(this, Frames.sizeOf(frame), true, next == null), next != null);
            if (next == null) {
                return;
            }
            frame = next;
        }
    }

    /** One frame of the write in flight is written: account for it and, after the last of its run, start the next. */
    void completed(long size, boolean message, boolean last) {
        this.sendBuffer.release(size);
        if (message) {
            // the frames of a run complete in order, one run at a time (the writing flag), so a
            // plain read and write are enough
            this.written = this.written + size;
            this.metrics.delivered(this.transport);
        }
        if (last) {
            this.writeStarted = 0;
            this.writing.set(false);
            if (this.starting != Thread.currentThread()) {
                drain();
            }
        }
    }

    /** A write failed: a reset or closed socket, whose close the container reports separately. */
    void writeFailed(long size) {
        this.writeStarted = 0;
        this.sendBuffer.release(size);
        this.writing.set(false);
        terminated();
    }
}
