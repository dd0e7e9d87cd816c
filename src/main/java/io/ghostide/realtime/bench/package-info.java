/**
 * A server-side publisher for the benchmark harness in {@code bench/}: off unless
 * {@code ghostide.benchmark.enabled=true}, and then served on the server's normal address only.
 */
@NullMarked
package io.ghostide.realtime.bench;

import org.jspecify.annotations.NullMarked;
