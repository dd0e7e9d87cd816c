/**
 * The session snapshot: {@code session_state}, what a session holds (its files, its retained
 * runs, who is present) at one {@code seq} of its log, for a client that asks when it
 * subscribes or whose resume could not recover. The state is kept by following the session
 * log's own deliveries, so it is always at a known point of the session's order; the stores
 * of the other features only seed it the first time a session is seen.
 */
@NullMarked
package io.ghostide.realtime.snapshot;

import org.jspecify.annotations.NullMarked;
