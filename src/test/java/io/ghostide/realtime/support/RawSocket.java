package io.ghostide.realtime.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare TCP socket, for what polite clients never do: stop reading,
 * never answer a ping, or vanish with a TCP reset. It speaks just enough RFC 6455 for that.
 */
public final class RawSocket implements AutoCloseable {

    /** One frame read from the server. */
    public record Frame(int opcode, byte[] payload) {

        public String text() {
            return new String(this.payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame. */
        public int closeCode() {
            return ((this.payload[0] & 0xff) << 8) | (this.payload[1] & 0xff);
        }
    }

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private final String head;

    // RSV1 (permessage-deflate) of the frame read last, and of the first frame of the message read last
    private boolean rsv1;

    private boolean lastCompressed;

    private RawSocket(Socket socket, String head) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.head = head;
    }

    /** Opens a TCP connection and sends the upgrade request for {@code path}; {@code receiveBuffer} 0 keeps the default. */
    public static RawSocket upgrade(int port, String path, int receiveBuffer) throws IOException {
        return upgrade(port, path, receiveBuffer, Map.of());
    }

    /** The same, with more request headers, such as {@code Sec-WebSocket-Extensions}. */
    public static RawSocket upgrade(int port, String path, Map<String, String> headers) throws IOException {
        return upgrade(port, path, 0, headers);
    }

    /** An upgrade from a chosen local address, such as {@code 127.0.0.2} (any of 127.0.0.0/8 can be bound). */
    public static RawSocket upgradeFrom(java.net.InetAddress source, int port, String path) throws IOException {
        return upgrade(source, port, path, 0, Map.of());
    }

    private static RawSocket upgrade(int port, String path, int receiveBuffer, Map<String, String> headers)
            throws IOException {
        return upgrade(null, port, path, receiveBuffer, headers);
    }

    private static RawSocket upgrade(java.net.@org.jspecify.annotations.Nullable InetAddress source, int port, String path,
            int receiveBuffer, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n";
        StringBuilder more = new StringBuilder();
        headers.forEach((name, value) -> more.append(name).append(": ").append(value).append("\r\n"));
        socket.getOutputStream().write((request + more + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return new RawSocket(socket, readHead(socket.getInputStream()));
    }

    /** Reads an HTTP response's status line and headers, up to the blank line, as ASCII. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == end[matched]) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The HTTP status line of the upgrade response, such as {@code HTTP/1.1 101 }. */
    public String statusLine() {
        int end = this.head.indexOf("\r\n");
        return end < 0 ? this.head : this.head.substring(0, end);
    }

    /**
     * The body of a refused upgrade (one with a {@code Content-Length}), as text; empty when
     * the response has none.
     */
    public String refusalBody() throws IOException {
        for (String line : this.head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                byte[] body = new byte[Integer.parseInt(line.substring(15).trim())];
                this.in.readFully(body);
                return new String(body, StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    public boolean upgraded() {
        return statusLine().contains(" 101");
    }

    /** The value of a header of the upgrade response, or null when it is absent. */
    public String responseHeader(String name) {
        for (String line : this.head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Whether the message read last came compressed (RSV1 set on its first frame). */
    public boolean lastMessageCompressed() {
        return this.lastCompressed;
    }

    /** Sends one masked text frame, as a client must. */
    public void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one masked text frame compressed as {@code permessage-deflate} without context
     * takeover: RSV1 set, deflated with a sync flush, its {@code 00 00 FF FF} tail removed.
     */
    public void sendCompressedText(String text) throws IOException {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, java.util.zip.Deflater.SYNC_FLUSH);
                deflated.write(chunk, 0, n);
            }
            while (n == chunk.length);
            byte[] bytes = deflated.toByteArray();
            sendFrame(0xC1, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        }
        finally {
            deflater.end();
        }
    }

    private void sendFrame(int finRsvOpcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(finRsvOpcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        }
        else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        this.out.write(frame.toByteArray());
        this.out.flush();
    }

    /** Reads the next frame, blocking up to the socket timeout. */
    public Frame readFrame() throws IOException {
        return readFrame(new boolean[1]);
    }

    /**
     * Reads the next whole message: a frame, joined with its continuation frames when the server
     * sent it in fragments (as it does with messages larger than its write buffer).
     */
    public Frame readMessage() throws IOException {
        boolean[] fin = new boolean[1];
        Frame first = readFrame(fin);
        this.lastCompressed = this.rsv1;
        if (fin[0]) {
            return first;
        }
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        whole.writeBytes(first.payload());
        while (!fin[0]) {
            whole.writeBytes(readFrame(fin).payload());
        }
        return new Frame(first.opcode(), whole.toByteArray());
    }

    private Frame readFrame(boolean[] fin) throws IOException {
        int first = this.in.readUnsignedByte();
        fin[0] = (first & 0x80) != 0;
        this.rsv1 = (first & 0x40) != 0;
        int second = this.in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = this.in.readUnsignedShort();
        }
        else if (length == 127) {
            length = this.in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        this.in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames until a close frame or the end of the stream; returns the close frame or null. */
    public Frame readUntilClose() throws IOException {
        for (;;) {
            Frame frame;
            try {
                frame = readFrame();
            }
            catch (java.io.EOFException | java.net.SocketException ex) {
                return null;
            }
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    /** Drops the connection with a TCP reset instead of a close handshake. */
    public void reset() throws IOException {
        this.socket.setSoLinger(true, 0);
        this.socket.close();
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
