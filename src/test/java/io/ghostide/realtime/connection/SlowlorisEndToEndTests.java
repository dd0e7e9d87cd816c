package io.ghostide.realtime.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ghostide.realtime.support.RawClient;
import io.ghostide.realtime.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slowloris attack: sockets that send an upgrade request one header line at a time, each
 * line well within the idle timeout. With the 2 s header deadline of {@link ServerTest} every one of them is
 * closed within a few seconds, and the server goes on serving.
 */
@ServerTest
class SlowlorisEndToEndTests {

    private static final BlockingQueue<Object> PACE = new LinkedBlockingQueue<>();

    @LocalServerPort
    int port;

    @Test
    void headersThatTrickleAreCutAtTheDeadline() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
                socket.getOutputStream().write(("GET /ws/slow-" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            long started = System.nanoTime();
            List<Socket> open = new ArrayList<>(sockets);
            // one header line per socket every 500 ms: far inside any idle timeout
            for (int round = 0; round < 40 && !open.isEmpty(); round++) {
                for (Socket socket : List.copyOf(open)) {
                    if (!send(socket, "X-Slow-" + round + ": 1\r\n")) {
                        open.remove(socket);
                    }
                }
                // paced by a poll on a queue nobody fills
                PACE.poll(500, TimeUnit.MILLISECONDS);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // every socket sent a line each 500 ms, inside any idle timeout, and would have ended
            // its 40 lines: only the header deadline (2 s, looked at every second) cut them
            assertThat(open).as("sockets still open after " + seconds + " s").isEmpty();
        }
        finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        try (RawClient client = RawClient.connect(this.port, "after-slowloris")) {
            client.sendCommand("ping", "{}");
            assertThat(client.nextOfType("pong")).isNotNull();
        }
    }

    // false once the server has closed the socket
    private static boolean send(Socket socket, String line) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            try {
                return in.read() != -1;
            }
            catch (java.net.SocketTimeoutException ex) {
                return true;
            }
        }
        catch (SocketException ex) {
            return false;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
