/**
 * The session log: per session the {@code seq} counter, the {@code epoch} and a bounded history
 * of published envelopes, behind one interface ({@link io.ghostide.realtime.sessionlog.SessionLog})
 * so that the same router, transports and resume tests work whether the log is in this process
 * ({@code ghostide.cluster.mode=local}) or in a store shared by several instances.
 */
@NullMarked
package io.ghostide.realtime.sessionlog;

import org.jspecify.annotations.NullMarked;
