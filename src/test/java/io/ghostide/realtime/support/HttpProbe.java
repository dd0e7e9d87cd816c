package io.ghostide.realtime.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One HTTP/1.1 request written by hand on a TCP socket, with exactly the headers a test gives
 * (a forged {@code Host}, an {@code Origin}), as a browser on a rebound name would send it.
 * It reads the status line, the headers and up to 8 KiB of body, then closes.
 */
public final class HttpProbe {

    /** The answer: status, headers (lower-case names) and the start of the body. */
    public record Response(int status, Map<String, String> headers, String body) {

        public boolean upgraded() {
            return this.status == 101;
        }
    }

    private HttpProbe() {
    }

    /** A WebSocket upgrade of {@code path} with the given extra headers (name, value, name, value…). */
    public static Response upgrade(int port, String path, String... headers) throws IOException {
        return upgradeFrom(null, port, path, headers);
    }

    /** The same from a chosen local address, such as {@code 127.0.0.2} (any of 127.0.0.0/8 can be bound); null: any. */
    public static Response upgradeFrom(java.net.@org.jspecify.annotations.Nullable InetAddress source, int port, String path,
            String... headers) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String[] all = new String[headers.length + 8];
        System.arraycopy(new String[] { "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key",
                Base64.getEncoder().encodeToString(nonce), "Sec-WebSocket-Version", "13" }, 0, all, 0, 8);
        System.arraycopy(headers, 0, all, 8, headers.length);
        return request(source, port, "GET", path, null, all);
    }

    /** Any request; {@code Host: 127.0.0.1:port} unless the headers name another Host. */
    public static Response request(int port, String method, String path, String body, String... headers)
            throws IOException {
        return request(null, port, method, path, body, headers);
    }

    private static Response request(java.net.@org.jspecify.annotations.Nullable InetAddress source, int port,
            String method, String path, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean hostGiven = false;
        for (int i = 0; i < headers.length; i += 2) {
            hostGiven |= headers[i].equalsIgnoreCase("Host");
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (!hostGiven) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        byte[] content = body != null ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * A request whose body, {@code length} bytes or chunked when it is -1, is written from a
     * thread of its own while the answer is read, as a client that does not wait for one; the
     * body ends early when the server stops taking it.
     */
    public static Response upload(int port, String method, String path, InputStream body, long length,
            String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append(length >= 0 ? "Content-Length: " + length : "Transfer-Encoding: chunked").append("\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            Thread writer = new Thread(() -> writeBody(out, body, length < 0), "http-probe-upload");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(socket.getInputStream());
            }
            finally {
                socket.close();
                writer.interrupt();
            }
        }
    }

    private static void writeBody(OutputStream out, InputStream body, boolean chunked) {
        byte[] buffer = new byte[64 * 1024];
        try (body) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(buffer, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        }
        catch (IOException ex) {
            // the server closed the connection before the whole body was sent: what a refusal does
        }
    }

    private static Response read(InputStream in) throws IOException {
        String head = RawSocket.readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String body = "";
        if (status != 101) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while (content.size() < 8192 && (n = in.read(buffer)) > 0) {
                    content.write(buffer, 0, n);
                }
            }
            catch (IOException ex) {
                // the server closed first; what was read is enough
            }
            body = content.toString(StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }
}
