/**
 * Who is connected and what each connection may cost the server: who is where
 * ({@link io.ghostide.realtime.connection.ConnectionRegistry}, behind the stats endpoints), what
 * each may hold ({@link io.ghostide.realtime.connection.ConnectionCaps}, where every cap is
 * counted and worded), how they leave ({@link io.ghostide.realtime.connection.ConnectionClosing}),
 * the pace of a session's readers ({@link io.ghostide.realtime.connection.ReaderPacing}), the
 * bounded non-blocking outbound queue of every WebSocket connection (STOMP or raw), inbound frame
 * limits and idle keep-alive.
 */
@NullMarked
package io.ghostide.realtime.connection;

import org.jspecify.annotations.NullMarked;
