/**
 * Several instances as one server: the {@code ghostide.cluster.mode} switch, this instance's
 * node id, the shared Redis connection's health, and what each feature's Redis implementation
 * leans on. In {@code local} mode (the default) nothing here touches Redis.
 */
@NullMarked
package io.ghostide.realtime.cluster;

import org.jspecify.annotations.NullMarked;
