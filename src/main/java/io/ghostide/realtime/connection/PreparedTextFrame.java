package io.ghostide.realtime.connection;

import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A {@link PreparedFrame} on its way through Jetty's core session: an ordinary text frame over the
 * prepared bytes, which {@link SharedDeflateExtension} recognises by its class and sends
 * compressed from the bytes the prepared frame deflated once for all its connections. Every other
 * extension, Jetty's own {@code permessage-deflate} included, treats it as the text frame it is.
 */
final class PreparedTextFrame extends Frame {

    private final PreparedFrame prepared;

    PreparedTextFrame(PreparedFrame prepared) {
        super(OpCode.TEXT, prepared.getPayload());
        this.prepared = prepared;
    }

    PreparedFrame prepared() {
        return this.prepared;
    }
}
