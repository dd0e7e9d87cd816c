/**
 * Bench-only code for the harness in {@code bench/}: the server it measures is the production
 * jar launched with these classes beside it ({@link io.ghostide.bench.BenchmarkServer}), which
 * adds the publisher the scenarios drive. None of it is in the production jar.
 */
@NullMarked
package io.ghostide.bench;

import org.jspecify.annotations.NullMarked;
