/**
 * Ghost's offline advice: parsers that read the error out of what a toolchain or runtime printed,
 * rule tables that match it, and the texts they write; the shared texts and the code hints are
 * data in {@code ghost/advice/messages.properties}. {@link ErrorAdvisor} is the entry point; it
 * needs no network and no model.
 */
@NullMarked
package io.ghostide.realtime.ghost.advice;

import org.jspecify.annotations.NullMarked;
