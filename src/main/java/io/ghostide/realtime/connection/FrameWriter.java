package io.ghostide.realtime.connection;

import java.lang.reflect.Method;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Writes one connection's frames to Jetty. Jetty's public session takes text as a {@code String} and
 * encodes it to UTF-8 on every send, and writes each frame on its own; its core session takes a
 * frame over a buffer, and with {@code batch} set gathers small frames into one write until a
 * frame without it comes. The core session is an implementation detail of Jetty's
 * ({@code org.eclipse.jetty.websocket.common.WebSocketSession#getCoreSession}): it is looked for
 * once, at start-up, and without it every frame goes through the public session, one at a time.
 */
final class FrameWriter {

    private static final Log logger = LogFactory.getLog(FrameWriter.class);

    /** At most this many queued frames are handed to Jetty in one run. */
    static final int MAX_RUN = 8;

    /** Whether Jetty's core session is reachable from its public one in this Jetty. */
    static final boolean CORE = coreReachable();

    private final Session session;

    private final @Nullable CoreSession core;

    FrameWriter(Session session) {
        this.session = session;
        this.core = CORE ? coreOf(session) : null;
    }

    private static boolean coreReachable() {
        try {
            Method method = Class.forName("org.eclipse.jetty.websocket.common.WebSocketSession").getMethod("getCoreSession");
            boolean found = CoreSession.class.isAssignableFrom(method.getReturnType())
                    && CoreSession.class.getMethod("sendFrame", Frame.class, org.eclipse.jetty.util.Callback.class,
                            boolean.class) != null;
            logger.info(found ? "Frames are written as bytes through Jetty's core WebSocket session"
                    : "Jetty's core WebSocket session has changed; frames are written through its public session");
            return found;
        }
        catch (ReflectiveOperationException | LinkageError ex) {
            logger.info("Jetty's core WebSocket session is not reachable (" + ex + "); frames are written through "
                    + "its public session");
            return false;
        }
    }

    // a separate method, linked only when the check above found the class
    private static @Nullable CoreSession coreOf(Session session) {
        return session instanceof WebSocketSession jetty ? jetty.getCoreSession() : null;
    }

    /** Whether {@link #write} can hold a frame for the ones after it ({@code batch}). */
    boolean gathers() {
        return this.core != null;
    }

    /** Whether {@code item} is a data frame {@link #write} takes. */
    static boolean isData(@Nullable Object item) {
        return item instanceof PreparedFrame || item instanceof TextMessage || item instanceof BinaryMessage;
    }

    /**
     * Starts writing a data frame ({@link #isData}); {@code batch} lets Jetty hold it for the
     * next one, which the caller then must send, the last of a run without it.
     */
    <C extends org.eclipse.jetty.websocket.api.Callback & org.eclipse.jetty.util.Callback> void write(
            WebSocketMessage<?> frame, C completion, boolean batch) {
        CoreSession coreSession = this.core;
        if (coreSession != null) {
            coreSession.sendFrame(coreFrame(frame), completion, batch);
        }
        else if (frame instanceof PreparedFrame prepared) {
            this.session.sendText(prepared.text(), completion);
        }
        else if (frame instanceof TextMessage text) {
            this.session.sendText(text.getPayload(), completion);
        }
        else {
            this.session.sendBinary(((BinaryMessage) frame).getPayload(), completion);
        }
    }

    /** Starts writing a ping or a pong. */
    void writeControl(WebSocketMessage<?> frame, org.eclipse.jetty.websocket.api.Callback completion) {
        if (frame instanceof PingMessage ping) {
            this.session.sendPing(Frames.payloadOf(ping), completion);
        }
        else {
            this.session.sendPong(Frames.payloadOf((PongMessage) frame), completion);
        }
    }

    /** Starts the closing handshake without waiting for it. */
    void close(CloseStatus status) {
        try {
            this.session.close(status.getCode(), status.getReason(), org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
        catch (RuntimeException ex) {
            // already closed by the peer; nothing left to do
            if (logger.isDebugEnabled()) {
                logger.debug("Close failed on " + this.session + ": " + ex);
            }
        }
    }

    private static Frame coreFrame(WebSocketMessage<?> frame) {
        if (frame instanceof PreparedFrame prepared) {
            return new PreparedTextFrame(prepared);
        }
        if (frame instanceof TextMessage text) {
            return new Frame(OpCode.TEXT, text.getPayload());
        }
        return new Frame(OpCode.BINARY, ((BinaryMessage) frame).getPayload());
    }
}
