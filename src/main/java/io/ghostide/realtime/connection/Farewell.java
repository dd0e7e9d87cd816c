package io.ghostide.realtime.connection;

import org.springframework.web.socket.WebSocketMessage;

/** A frame sent as a cut connection's farewell: written, unlike everything else queued after the cut. */
record Farewell(WebSocketMessage<?> message) {
}
