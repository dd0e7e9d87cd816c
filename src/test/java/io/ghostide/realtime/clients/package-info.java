/**
 * Tests of the client libraries the project ships (under {@code clients/}), run by their own
 * test runners against this server on a random port with the real sandbox.
 */
@NullMarked
package io.ghostide.realtime.clients;

import org.jspecify.annotations.NullMarked;
