/**
 * Running a session's code: the execute endpoint and the {@code execute_code} command, the
 * languages and their toolchains, the sandbox that isolates each run, and the streaming of its
 * output to the session while it runs.
 */
@NullMarked
package io.ghostide.realtime.execution;

import org.jspecify.annotations.NullMarked;
