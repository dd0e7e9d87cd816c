package io.ghostide.realtime.connection;

import org.eclipse.jetty.websocket.api.Callback;

/**
 * The end of one frame's asynchronous write on a {@link QueuedWebSocketSession}, through either of
 * Jetty's sessions: the public one calls {@code succeed}/{@code fail}, the core one
 * {@code succeeded}/{@code failed}.
 */
final class WriteCompletion implements Callback, org.eclipse.jetty.util.Callback {

    private final QueuedWebSocketSession session;

    private final long size;

    // a data frame, counted as delivered; control frames are not
    private final boolean message;

    // the last frame of a run, whose completion ends the write
    private final boolean last;

    WriteCompletion(QueuedWebSocketSession session, long size, boolean message, boolean last) {
        this.session = session;
        this.size = size;
        this.message = message;
        this.last = last;
    }

    @Override
    public void succeed() {
        this.session.completed(this.size, this.message, this.last);
    }

    @Override
    public void fail(Throwable ex) {
        this.session.writeFailed(this.size);
    }

    @Override
    public void succeeded() {
        succeed();
    }

    @Override
    public void failed(Throwable ex) {
        fail(ex);
    }
}
