/**
 * Running a session's code: the execute endpoint and the {@code execute_code} command, the
 * languages and their toolchains, the sandbox that isolates each run, the streaming of its
 * output to the session while it runs, and run control: stops, interactive input and
 * transcripts, which reach a run on whichever instance runs it.
 */
@NullMarked
package io.ghostide.realtime.execution;

import org.jspecify.annotations.NullMarked;
