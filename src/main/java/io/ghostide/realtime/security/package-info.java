/**
 * Identity and access, built from Spring Security's pieces: the filter chain that
 * authenticates REST calls and WebSocket upgrades (a {@code JwtDecoder} in {@code jwt} mode,
 * an anonymous caller in {@code none} mode, which serves loopback only unless allowed), the
 * STOMP CONNECT token and the {@code AuthorizationManager<Message<?>>} of every inbound frame,
 * the Host allowlist and CORS rules that keep web pages out in any mode, the token of each open
 * connection (its warning before expiry, its refresh by {@code auth_refresh}, the close at its
 * expiry), and the opt-in development token endpoint.
 */
@NullMarked
package io.ghostide.realtime.security;

import org.jspecify.annotations.NullMarked;
