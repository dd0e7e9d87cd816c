/**
 * Cross-cutting pieces every feature leans on: session id rules, the clock that stamps
 * messages, the limits on JSON input (bodies and frames) and the mapping of errors to RFC 9457
 * problem details.
 */
@NullMarked
package io.ghostide.realtime.system;

import org.jspecify.annotations.NullMarked;
