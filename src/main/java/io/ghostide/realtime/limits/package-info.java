/**
 * Limits on what one client may ask of the server: token buckets on commands per connection
 * and on REST calls per user, shared by both transports and the REST endpoints.
 */
@NullMarked
package io.ghostide.realtime.limits;

import org.jspecify.annotations.NullMarked;
