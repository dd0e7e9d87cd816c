/**
 * The IDE's hooks ({@code on_run}, {@code on_error}, {@code on_save}) as events: a feature
 * that runs code or saves a file fires one through {@link io.ghostide.realtime.hooks.HookPublisher},
 * the session hears {@code hook_triggered}, and any feature (Ghost AI) may listen to the
 * Spring application event without the firing feature knowing of it. A deleted file is
 * announced the same way ({@link io.ghostide.realtime.hooks.SessionFileDeleted}), without a hook.
 */
@NullMarked
package io.ghostide.realtime.hooks;

import org.jspecify.annotations.NullMarked;
