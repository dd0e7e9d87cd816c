/**
 * Who is in a session: every connection subscribed to a session is present there under its
 * user; {@code presence_join} and {@code presence_leave} go to the session as connections come
 * and go, and the {@code presence} command and {@code GET /ws/sessions/{id}/presence} list them.
 * What is present is kept behind {@link io.ghostide.realtime.presence.PresenceStore}: in memory
 * for one instance, shared for several.
 */
@NullMarked
package io.ghostide.realtime.presence;

import org.jspecify.annotations.NullMarked;
