package io.ghostide.realtime.support;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A STOMP 1.2 client on a bare {@link RawSocket}, for what a library client never does on
 * request: vanish with a TCP reset in the middle of a stream. It speaks just enough STOMP for
 * that: CONNECT, SUBSCRIBE with headers, and reading MESSAGE frames.
 */
public final class RawStompSocket implements AutoCloseable {

    /** One frame from the server. */
    public record Frame(String command, Map<String, String> headers, String body) {
    }

    private final RawSocket socket;

    private RawStompSocket(RawSocket socket) {
        this.socket = socket;
    }

    /** Upgrades {@code /stomp} and sends CONNECT without heart-beats; waits for CONNECTED. */
    public static RawStompSocket connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** The same, over a socket with a receive buffer of {@code receiveBuffer} bytes (0 keeps the default). */
    public static RawStompSocket connect(int port, int receiveBuffer) throws IOException {
        RawStompSocket stomp = new RawStompSocket(RawSocket.upgrade(port, "/stomp", receiveBuffer));
        stomp.send("CONNECT", Map.of("accept-version", "1.2", "host", "127.0.0.1", "heart-beat", "0,0"));
        Frame connected = stomp.next();
        if (!"CONNECTED".equals(connected.command())) {
            throw new IOException("Expected CONNECTED, got " + connected);
        }
        return stomp;
    }

    /** Sends one frame without a body. */
    public void send(String command, Map<String, String> headers) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
        this.socket.sendText(frame.append('\n').append('\0').toString());
    }

    /** Sends one frame with a body, given whole: command, headers, blank line, body and NUL, as the caller wrote them. */
    public void sendFrame(String frame) throws IOException {
        this.socket.sendText(frame);
    }

    /** The socket underneath, for reading what comes after the STOMP frames (the close). */
    public RawSocket socket() {
        return this.socket;
    }

    /** The next frame other than a heart-beat, blocking up to the socket's timeout. */
    public Frame next() throws IOException {
        for (;;) {
            String text = this.socket.readMessage().text();
            if (text.isBlank()) {
                continue;
            }
            int end = text.indexOf("\n\n");
            String[] lines = text.substring(0, end).split("\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
            String body = text.substring(end + 2);
            if (body.endsWith("\0")) {
                body = body.substring(0, body.length() - 1);
            }
            return new Frame(lines[0], headers, body);
        }
    }

    /** Drops the connection with a TCP reset: no DISCONNECT, no close frame. */
    public void reset() throws IOException {
        this.socket.reset();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
