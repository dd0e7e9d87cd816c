package io.ghostide.realtime.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A total deadline for a request's line and headers, which Jetty does not have: its idle
 * timeout starts again with every byte, so a client sending one header line every few seconds
 * (slowloris) holds a socket for ever. Every half deadline each HTTP connection is looked at; one
 * still in the headers of the same request as at the previous look, or that has sent nothing at
 * all since it opened, is closed. Upgraded connections (WebSockets) are left alone.
 */
final class RequestHeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;

    private final long periodMillis;

    RequestHeaderDeadline(Connector connector, Duration deadline) {
        this.scheduler = connector.getScheduler();
        this.periodMillis = Math.max(1, deadline.toMillis() / 2);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            schedule(http, -1, false);
        }
    }

    private void schedule(HttpConnection http, long messagesBefore, boolean partialBefore) {
        this.scheduler.schedule(() -> look(http, messagesBefore, partialBefore), this.periodMillis, TimeUnit.MILLISECONDS);
    }

    private void look(HttpConnection http, long messagesBefore, boolean partialBefore) {
        if (!http.getEndPoint().isOpen() || http.getEndPoint().getConnection() != http) {
            // closed, or upgraded to a WebSocket: nothing more to watch
            return;
        }
        HttpParser parser = http.getParser();
        long messages = http.getMessagesIn();
        boolean partial = parser.inHeaderState() && !parser.isStart();
        boolean silentSinceOpen = messagesBefore < 0 && messages == 0 && parser.isStart() && http.getBytesIn() == 0;
        if ((partial && partialBefore && messages == messagesBefore) || silentSinceOpen) {
            http.getEndPoint().close();
            return;
        }
        schedule(http, messages, partial);
    }
}
