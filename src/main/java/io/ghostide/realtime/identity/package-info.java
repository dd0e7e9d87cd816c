/**
 * Who a client is and what it may do: the {@link io.ghostide.realtime.identity.Caller} every
 * connection and request carries, its {@link io.ghostide.realtime.identity.Role}, and the one
 * mapping of roles to {@link io.ghostide.realtime.identity.Permission}s. A leaf: the features
 * ask it, the security wiring fills it.
 */
@NullMarked
package io.ghostide.realtime.identity;

import org.jspecify.annotations.NullMarked;
