/**
 * GhostIDE Realtime: the server that carries everything an IDE session hears (execution
 * output, Ghost AI, hooks, file and session events) to every tab of that session, over STOMP
 * and over a plain-JSON WebSocket, through one message broker.
 */
@NullMarked
package io.ghostide.realtime;

import org.jspecify.annotations.NullMarked;
