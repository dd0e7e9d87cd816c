/**
 * Who is connected and what each connection may cost the server: the registry behind the
 * stats endpoints, the caps on connections, the bounded non-blocking outbound queue of every
 * WebSocket connection (STOMP or raw), inbound frame limits and idle keep-alive.
 */
@NullMarked
package io.ghostide.realtime.connection;

import org.jspecify.annotations.NullMarked;
