/**
 * The test support layer: real clients (plain-JSON and STOMP WebSockets, raw sockets, HTTP),
 * the one JSON mapper of the tests, whole servers in this JVM or in a child process, a real
 * {@code redis-server}, tokens, and the shared Spring test configurations that let the context
 * cache serve many test classes from one started application.
 */
@NullMarked
package io.ghostide.realtime.support;

import org.jspecify.annotations.NullMarked;
