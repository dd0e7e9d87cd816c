/**
 * Ghost's offline advice: parsers that read the error out of what a toolchain or runtime printed,
 * rule tables that match it, and the texts the rules write, kept as data in
 * {@code ghost/advice/*.properties}. {@link io.ghostide.realtime.ghost.advice.ErrorAdvisor} is the
 * entry point; it needs no network and no model.
 */
@NullMarked
package io.ghostide.realtime.ghost.advice;

import org.jspecify.annotations.NullMarked;
