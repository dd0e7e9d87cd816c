/**
 * How connections leave when the instance stops, in the order a load balancer needs: readiness
 * down and a drain delay while every connection is still served, then a {@code disconnect}
 * {@code 1001} to each connection, new connections refused, and the shutdown held until they are
 * gone or the grace period is over, so that clients resume on another instance.
 */
@NullMarked
package io.ghostide.realtime.messaging.shutdown;

import org.jspecify.annotations.NullMarked;
